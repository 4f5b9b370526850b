"""The charts as the product writes them: zona.charts lays a chart out, the template
charts/chart.svg writes it. Tests parse and measure this SVG, so they check what a page and a
PDF actually receive, not the Python shapes."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET

from django.template.loader import render_to_string

from zona import charts
from zona.charts.measure import Box, label_box


def render(chart: charts.Chart) -> str:
    return render_to_string("charts/chart.svg", {"chart": chart}).strip()


def grouped_bars(*args, **kwargs) -> str:
    return render(charts.grouped_bars(*args, **kwargs))


def line_chart(*args, **kwargs) -> str:
    return render(charts.line_chart(*args, **kwargs))


def heatmap(*args, **kwargs) -> str:
    return render(charts.heatmap(*args, **kwargs))


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
