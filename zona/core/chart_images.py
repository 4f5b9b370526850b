"""A chart of zona.charts as a PNG picture, for the Word documents (Word shows no SVG reliably):
the same SVG as on the page and in the PDF (`charts/chart.svg`), drawn by CairoSVG (libcairo2),
so that the .docx carries the PDF's chart, not a description of it."""

from __future__ import annotations

from django.template.loader import render_to_string

from zona.charts import Chart, Figure

SCALE = 2  # pixels per SVG unit: sharp when printed at the text width (≈ 170 mm)


def chart_svg(chart: Chart | Figure) -> str:
    """The wide layout (the paper's) of a chart as a standalone SVG document."""
    wide = chart.wide if isinstance(chart, Figure) else chart
    return render_to_string("charts/chart.svg", {"chart": wide, "layout": "", "picture": True})


def chart_png(chart: Chart | Figure, scale: float = SCALE) -> bytes:
    import cairosvg  # loaded by the first Word document with a chart, not at start-up

    return cairosvg.svg2png(
        bytestring=chart_svg(chart).encode("utf-8"),
        scale=scale,
        background_color="white",
        unsafe=False,  # no external files or URLs: the chart is self-contained
    )


def chart_title(chart: Chart | Figure) -> str:
    return (chart.wide if isinstance(chart, Figure) else chart).title
