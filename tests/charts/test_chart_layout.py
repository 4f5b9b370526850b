"""Chart labels never overlap one another and never leave the picture, for long labels, close
values and many periods: every <text> of the SVG is measured (anchor, tspans and rotation taken
into account) with the font metrics the charts lay out with, on the SVG the template writes.
tests/browser/test_chart_labels.py checks the same in Chromium with the browser's own text boxes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from chart_svg import NS, assert_readable, comma, grouped_bars, heatmap, line_chart, percent, render

from zona import charts
from zona.charts import Series
from zona.charts.measure import label_box

PERIODS = [f"triwulan {q} {y}" for y in (2024, 2025, 2026) for q in ("I", "II", "III", "IV")]


@pytest.mark.parametrize("count", [1, 4, 8, 12])
def test_survey_trend_with_close_indices(count):
    # IPAK and IPKP within 0,01 of each other in every period: their labels must move apart.
    ipak = [3.5 + 0.03 * i for i in range(count)]
    ipkp = [v + 0.01 * (-1) ** i for i, v in enumerate(ipak)]
    svg = line_chart(PERIODS[:count], [Series("IPAK", ipak), Series("IPKP", ipkp)],
                     title="Indeks", max_value=4, fmt=comma)  # fmt: skip
    assert_readable(svg)
    root = ET.fromstring(svg)
    periods = [t for t in root.iter(f"{NS}text") if t.get("class") == "period"]
    assert periods, "period labels are written"


def test_every_period_label_is_written_when_there_is_room():
    svg = line_chart(PERIODS[:4], [Series("IPAK", [3.1, 3.2, 3.3, 3.4])], title="t", max_value=4)
    root = ET.fromstring(svg)
    written = [t for t in root.iter(f"{NS}text") if t.get("class") == "period"]
    assert len(written) == 4


def test_many_periods_thin_the_labels_but_keep_every_period_in_the_title():
    labels = [f"Periode pengukuran ke-{i}" for i in range(1, 25)]
    svg = line_chart(labels, [Series("IPAK", [3.0] * 24)], title="t", max_value=4, fmt=comma)
    assert_readable(svg)
    root = ET.fromstring(svg)
    written = [t for t in root.iter(f"{NS}text") if t.get("class") == "period"]
    assert 1 < len(written) < 24
    assert len(root.findall(f".//{NS}g[@class='point']")) == 24


@pytest.mark.parametrize("top", [4, 100, 1000000])
def test_axis_labels_fit_on_the_left(top):
    svg = line_chart(["2024", "2025"], [Series("Total", [top * 0.5, top])], title="t",
                     max_value=top, fmt=percent)  # fmt: skip
    assert_readable(svg)


@pytest.mark.parametrize("categories", [3, 6, 12])
def test_bars_with_percentages_and_long_area_names(categories):
    names = [
        "Manajemen Perubahan", "Penataan Tatalaksana", "Penataan Sistem Manajemen SDM Aparatur",
        "Penguatan Akuntabilitas", "Penguatan Pengawasan", "Peningkatan Kualitas Pelayanan Publik",
    ] * 2  # fmt: skip
    svg = grouped_bars(
        names[:categories],
        [Series("Unit (penilaian mandiri)", [100.0] * categories),
         Series("TPI", [99.9] * categories), Series("TPN", [100.0] * categories)],
        title="Capaian per area", max_value=100, fmt=percent,
    )  # fmt: skip
    assert_readable(svg)


def test_legend_wraps_instead_of_running_off():
    series = [Series(f"Seri dengan nama yang cukup panjang {i}", [i]) for i in range(1, 7)]
    svg = grouped_bars(["2025"], series, title="t", width=480)
    assert_readable(svg)


def test_heatmap_labels_fit():
    svg = heatmap(
        ["Kantor Pelayanan Perbendaharaan Negara Kota Yogyakarta yang sangat panjang"] * 2,
        ["Penataan Sistem Manajemen SDM Aparatur", "Peningkatan Kualitas Pelayanan Publik"],
        [[100.0, 55.5], [None, 0.0]], title="t", max_value=100, fmt=percent,
    )  # fmt: skip
    assert_readable(svg)


AREAS = [
    "Manajemen Perubahan", "Penataan Tatalaksana", "Penataan Sistem Manajemen SDM Aparatur",
    "Penguatan Akuntabilitas", "Penguatan Pengawasan", "Peningkatan Kualitas Pelayanan Publik",
]  # fmt: skip


@pytest.mark.parametrize("width", [300, 360])
def test_bar_rows_for_a_phone(width):
    # The phone's layout of the area chart: three layers at 100 %, one missing value.
    layers = [Series("Unit (penilaian mandiri)", [100.0] * 6), Series("TPI", [99.9] * 5 + [None]),
              Series("TPN", [0.0] * 6)]  # fmt: skip
    chart = charts.bar_rows(AREAS, layers, title="t", max_value=100, fmt=percent, width=width)
    svg = render(chart)
    assert_readable(svg)
    root = ET.fromstring(svg)
    bars = root.findall(f".//{NS}rect[@class='bar']")
    assert len(bars) == 17  # the missing TPI value draws no bar
    full = [b for b in bars if b.get("data-value") == "100.0"]
    ends = {round(float(b.get("x")) + float(b.get("width")), 1) for b in full}
    assert len(ends) == 1 and ends.pop() <= width  # the same length for the same value
    # Every area's name is written whole, on at most two lines.
    names = [" ".join(s.text for s in t.findall(f"{NS}tspan"))
             for t in root.iter(f"{NS}text") if t.get("class") == "category"]  # fmt: skip
    assert names == AREAS


def test_upright_heatmap_columns_fit_a_phone():
    rows = ["Biro Kerja Sama Antar-Parlemen (BKSAP)", "Biro Persidangan II", "Biro Umum"]
    values = [[100.0, 55.5, None, 0.0, 12.3, 99.9]] * 3
    chart = charts.heatmap(rows, AREAS, values, title="t", max_value=100, fmt=percent,
                           row_label_width=110, cell_width=41, upright_columns=True)  # fmt: skip
    assert chart.width <= 360
    svg = render(chart)
    assert_readable(svg)
    # Each cell's value fits inside its cell.
    for cell in ET.fromstring(svg).findall(f".//{NS}g[@class='cell']"):
        rect, text = cell.find(f"{NS}rect"), cell.find(f"{NS}text")
        box = label_box(float(text.get("x")), float(text.get("y")), text.text,
                        float(text.get("font-size")), "middle")  # fmt: skip
        assert float(rect.get("x")) <= box.x and box.right <= float(rect.get("x")) + float(
            rect.get("width")
        ), text.text


@pytest.mark.parametrize("count", [4, 8])
def test_survey_trend_on_a_phone(count):
    ipak = [3.5 + 0.03 * i for i in range(count)]
    ipkp = [v + 0.01 * (-1) ** i for i, v in enumerate(ipak)]
    svg = line_chart(PERIODS[:count], [Series("IPAK", ipak), Series("IPKP", ipkp)],
                     title="Indeks", max_value=4, fmt=comma, width=360)  # fmt: skip
    assert_readable(svg)
