"""zona.charts: well-formed, escaped SVG whose shapes are proportional to the values and that
reads without colour (patterns, markers, value labels, title and description)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from chart_svg import grouped_bars, heatmap, line_chart

from zona.charts import Series
from zona.charts.bars import nice_ceiling
from zona.charts.measure import text_width, wrap_to_width

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_bar_heights_proportional_to_values():
    svg = grouped_bars(
        ["Manajemen Perubahan", "Penataan Tatalaksana", "Pelayanan Publik"],
        [Series("Unit", [80, 40, 20]), Series("TPI", [60, None, 10])],
        title="Nilai per area",
        max_value=100,
        plot_height=200,
    )
    root = parse(svg)
    bars = root.findall(".//s:rect[@class='bar']", NS)
    assert len(bars) == 5  # the missing TPI value draws no bar
    for bar in bars:
        value = float(bar.get("data-value"))
        assert float(bar.get("height")) == pytest.approx(200 * value / 100, abs=0.01)
    # Bars stand on the same baseline.
    assert len({round(float(b.get("y")) + float(b.get("height")), 2) for b in bars}) == 1
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    for label in ("80", "40", "20", "60", "10", "–"):
        assert label in texts


def test_bars_read_without_colour():
    root = parse(grouped_bars(["a"], [Series("S1", [1]), Series("S2", [2]), Series("S3", [3])],
                              title="t"))  # fmt: skip
    # One series solid, the others hatched and dotted: different shapes, not just colours.
    patterns = root.findall(".//s:pattern", NS)
    kinds = {"".join(child.tag.split("}")[1] for child in p) for p in patterns}
    assert len(patterns) == 2 and len(kinds) == 2
    fills = [b.get("fill") for b in root.findall(".//s:rect[@class='bar']", NS)]
    assert fills[0].startswith("#") and {f[5:-1] for f in fills[1:]} == {
        p.get("id") for p in patterns
    }
    assert root.get("role") == "img"
    title = root.find("s:title", NS)
    assert title.text == "t" and root.get("aria-labelledby").startswith(title.get("id"))
    assert "S1: a 1" in root.find("s:desc", NS).text


def test_automatic_scale_is_readable():
    assert nice_ceiling(87) == 100
    assert nice_ceiling(1653) == 2000
    assert nice_ceiling(0.3) == pytest.approx(0.5)
    root = parse(grouped_bars(["2014"], [Series("Usulan", [33])], title="t", plot_height=100))
    bar = root.find(".//s:rect[@class='bar']", NS)
    assert float(bar.get("height")) == pytest.approx(100 * 33 / 50)


def test_escaping():
    nasty = '<script>alert("x")</script> & "quotes"'
    svg = grouped_bars([nasty], [Series(nasty, [1])], title=nasty)
    svg += line_chart([nasty], [Series(nasty, [1])], title=nasty)
    svg += heatmap([nasty], [nasty], [[0.5]], title=nasty)
    assert "<script>" not in svg
    for chart in (grouped_bars([nasty], [Series(nasty, [1])], title=nasty),
                  line_chart([nasty], [Series(nasty, [1])], title=nasty),
                  heatmap([nasty], [nasty], [[0.5]], title=nasty)):  # fmt: skip
        root = parse(chart)
        assert root.find("s:title", NS).text == nasty


def test_line_points_follow_values():
    root = parse(line_chart(["2024", "2025", "2026"], [Series("Unit", [50, 75, None]),
                            Series("TPI", [25, 100, 80])], title="Tren", max_value=100,
                            plot_height=200))  # fmt: skip
    points = root.findall(".//s:g[@class='point']", NS)
    assert len(points) == 5
    shapes = {p.get("data-series"): list(p)[1].tag for p in points}
    # Each series has its own marker shape (circle vs square), beside its own dash style.
    assert len(set(shapes.values())) == 2
    # The zero line is the lowest gridline.
    base = max(float(line.get("y1")) for line in root.findall(".//s:line", NS))
    for p in points:
        marker = next(c for c in p if not c.tag.endswith("title"))
        y = float(marker.get("cy") or float(marker.get("y")) + float(marker.get("height")) / 2)
        assert base - y == pytest.approx(200 * float(p.get("data-value")) / 100, abs=0.2)
    lines = root.findall(".//s:polyline", NS)
    assert len(lines) == 2 and lines[0].get("stroke-dasharray") is None
    assert lines[1].get("stroke-dasharray")


def test_heatmap_cells_carry_values():
    root = parse(heatmap(["Unit A", "Unit B"], ["MP", "TT"], [[10, 95], [None, 50]],
                         title="Sebaran", max_value=100))  # fmt: skip
    cells = root.findall(".//s:g[@class='cell']", NS)
    assert len(cells) == 4
    shown = [c.find("s:text", NS).text for c in cells]
    assert shown == ["10", "95", "–", "50"]
    fills = [c.find("s:rect", NS).get("fill") for c in cells]
    assert fills[0] != fills[1]  # darker for the higher value
    assert cells[1].find("s:text", NS).get("fill") == "#fff"  # readable on the dark cell


def test_wrap_to_width():
    lines = wrap_to_width("Penataan Sistem Manajemen SDM Aparatur", 11, 100, 3)
    assert lines == ["Penataan Sistem", "Manajemen SDM", "Aparatur"]
    assert all(text_width(line, 11) <= 100 for line in lines)
    cut = wrap_to_width("a b c d e f g h", 11, 12, 2)
    assert len(cut) == 2 and cut[-1].endswith("…")
