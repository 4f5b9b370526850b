"""`{% chart figure %}`: a chart computed by zona.charts, written as SVG by charts/chart.svg —
the same tag on the pages and in the PDFs, so both show the same picture."""

from django import template

from zona.charts import Chart

register = template.Library()


@register.inclusion_tag("charts/chart.svg")
def chart(figure: Chart | None) -> dict:
    return {"chart": figure}
