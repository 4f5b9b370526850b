"""The charts as the dashboards and the report deliver them: every SVG of a page is measured
(no label overlaps another or leaves the picture, with the real LKE's long area names), each
chart comes with the phone's layout beside the wide one, and the report's PDF carries the very
chart the report page shows."""

from __future__ import annotations

import re

from chart_svg import assert_readable
from dashboard_fill import fill
from django.template.loader import render_to_string
from django.urls import reverse

from zona.dashboards.reports import evaluation_report

SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def charts_of(html: str) -> list[str]:
    return SVG.findall(html)


def layouts(svgs: list[str]) -> list[str]:
    return [re.search(r'class="zona-chart zona-chart-(\w+)"', svg).group(1) for svg in svgs]


def without_ids(svg: str) -> str:
    return re.sub(r"\b(bars|rows|line|heat)\d+", "#", svg)


def test_unit_dashboard_charts_read_in_both_layouts(client_for, world, evaluation):
    from zona.evaluations import actions

    fill(evaluation, "unit", 1.0)  # 100 % in every area: the widest value labels
    fill(evaluation, "tpi", 0.95)
    earlier = actions.create_evaluation(world.users["lead_a1"], world.a1, 2025, "WBK")
    fill(earlier, "unit", 0.5)
    html = client_for("tpi_a").get(reverse("dashboards:unit", args=[world.a1.pk])).content
    svgs = charts_of(html.decode())
    # The area chart and the trend, each wide and for a phone.
    assert layouts(svgs) == ["wide", "narrow", "wide", "narrow"]
    for svg in svgs:
        assert_readable(svg)
    assert "100,0 %" in svgs[0] and "100,0 %" in svgs[1]


def test_area_table_caption_says_what_is_in_brackets(client_for, world, evaluation):
    fill(evaluation, "unit", 1.0)
    html = client_for("tpi_a").get(reverse("dashboards:unit", args=[world.a1.pk])).content
    table = re.search(r'<table [^>]*id="unit-areas">.*?</table>', html.decode(),
                      re.S).group(0)  # fmt: skip
    # Every area's points are followed by the share of its weight in brackets, as the caption says.
    cells = re.findall(
        r'<td class="num" data-layer="unit">([\d,]+) <span[^>]*>\(([\d,]+) %\)</span></td>', table
    )
    areas = evaluation.framework.framework().areas
    assert len(cells) == len(areas)
    for (points, share), area in zip(cells, areas, strict=True):
        expected = 100 * float(points.replace(",", ".")) / float(area.weight)
        assert abs(float(share.replace(",", ".")) - expected) <= 0.1, (area.name, points, share)
    assert ("8,00", "100,0") in cells  # a full area: its whole weight


def test_instansi_heatmap_reads_in_both_layouts(client_for, world, frameworks):
    from zona.evaluations import actions

    for unit, level in ((world.a1, 1.0), (world.a2, 0.35)):
        fill(actions.create_evaluation(world.users["sysadmin"], unit, 2026, "WBK"), "unit", level)
    url = reverse("dashboards:instansi", args=[world.a.pk])
    html = client_for("coordinator_a").get(url, {"tahun": 2026, "lapisan": "unit"}).content
    svgs = charts_of(html.decode())
    assert layouts(svgs) == ["wide", "narrow"]
    for svg in svgs:
        assert_readable(svg)
    narrow = re.search(r'viewBox="0 0 ([\d.]+) ', svgs[1]).group(1)
    assert float(narrow) <= 366  # a 390 px phone's content width


def test_the_pdf_carries_the_report_pages_chart(client_for, world, evaluation):
    fill(evaluation, "unit", 0.9)
    fill(evaluation, "tpi", 0.8)
    page = client_for("tpi_a").get(reverse("dashboards:report", args=[evaluation.pk]))
    on_screen = charts_of(page.content.decode())
    assert layouts(on_screen) == ["wide", "narrow"]
    paper = charts_of(
        render_to_string("dashboards/report_pdf.html",
                         evaluation_report(world.users["tpi_a"], evaluation, {}))
    )  # fmt: skip
    # The same chart, and the PDF's style never shows the phone's layout.
    assert [without_ids(s) for s in paper] == [without_ids(s) for s in on_screen]
    style = render_to_string("dashboards/_pdf_style.html")
    assert ".zona-chart-narrow { display: none; }" in style
    for svg in paper:
        assert_readable(svg)


def test_a_layer_without_answers_is_no_bars_of_zero(client_for, world, evaluation):
    fill(evaluation, "unit", 0.9)
    fill(evaluation, "tpi", 0.8)
    html = client_for("sysadmin").get(reverse("dashboards:report", args=[evaluation.pk]))
    html = html.content.decode()
    assert '<th scope="col" class="num">TPN</th>' in html  # the table shows the layer: "–"
    series = set(re.findall(r'class="bar"[^>]*data-series="([^"]+)"', html))
    assert series == {"Unit (penilaian mandiri)", "TPI"}
