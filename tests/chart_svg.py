"""The charts as the product writes them: zona.charts lays a chart out, the template
charts/chart.svg writes it. Tests parse and measure this SVG, so they check what a page and a
PDF actually receive, not the Python shapes."""

from __future__ import annotations

from django.template.loader import render_to_string

from zona import charts


def render(chart: charts.Chart) -> str:
    return render_to_string("charts/chart.svg", {"chart": chart}).strip()


def grouped_bars(*args, **kwargs) -> str:
    return render(charts.grouped_bars(*args, **kwargs))


def line_chart(*args, **kwargs) -> str:
    return render(charts.line_chart(*args, **kwargs))


def heatmap(*args, **kwargs) -> str:
    return render(charts.heatmap(*args, **kwargs))
