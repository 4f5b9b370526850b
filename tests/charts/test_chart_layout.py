"""Chart labels never overlap one another and never leave the picture, for long labels, close
values and many periods: every <text> of the SVG is measured (anchor, tspans and rotation taken
into account) with the font metrics the charts lay out with. tests/browser/test_charts.py checks
the same in Chromium with the browser's own text boxes."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from chart_svg import grouped_bars, heatmap, line_chart

from zona.charts import Series
from zona.charts.measure import Box, label_box

NS = "{http://www.w3.org/2000/svg}"


def comma(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + " %"


def text_boxes(svg: str) -> tuple[list[tuple[str, Box]], float, float]:
    root = ET.fromstring(svg)
    _, _, width, height = (float(v) for v in root.get("viewBox").split())
    out = []
    for node in root.iter(f"{NS}text"):
        size = float(node.get("font-size"))
        anchor = node.get("text-anchor", "start")
        spans = node.findall(f"{NS}tspan")
        if spans:
            y = float(node.get("y"))
            for span in spans:
                y += float(span.get("dy", 0))
                out.append((span.text, label_box(float(span.get("x")), y, span.text, size, anchor)))
            continue
        box = label_box(float(node.get("x")), float(node.get("y")), node.text, size, anchor)
        rotate = re.match(r"rotate\(-90 ([\d.]+) ([\d.]+)\)", node.get("transform", ""))
        if rotate:  # upright text grows upwards from (cx, cy)
            cx, cy = float(rotate.group(1)), float(rotate.group(2))
            box = Box(cx - (cy - box.y), cy - box.w, box.h, box.w)
        out.append((node.text, box))
    return out, width, height


def assert_readable(svg: str) -> None:
    boxes, width, height = text_boxes(svg)
    outside = [label for label, box in boxes if not box.inside(width, height)]
    assert not outside, f"labels leave the picture: {outside}"
    meeting = [
        (a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if box_a.overlaps(box_b)
    ]  # fmt: skip
    assert not meeting, f"labels overlap: {meeting[:5]}"


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
