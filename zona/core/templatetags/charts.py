"""`{% chart figure %}`: a chart laid out by zona.charts, written as SVG by charts/chart.svg —
the same tag on the pages and in the PDFs, so both show the same picture. A `Figure` with a
narrow layout brings it too, shown instead of the wide one on a phone."""

from django import template

from zona.charts import Chart, Figure

register = template.Library()


@register.inclusion_tag("charts/figure.html")
def chart(figure: Chart | Figure | None) -> dict:
    if isinstance(figure, Figure):
        return {"wide": figure.wide, "narrow": figure.narrow}
    return {"wide": figure, "narrow": None}
