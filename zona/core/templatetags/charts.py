"""`{% chart figure %}`: a chart laid out by zona.charts, written as SVG by charts/chart.svg —
the same tag on the pages and in the PDFs, so both show the same picture. A `Figure` with a
narrow layout brings it too, shown instead of the wide one on a phone.

Writing a large chart through the template costs far more than laying it out (a 250 × 6 heat
map: ~20 ms of layout, ~340 ms of template), so the written SVG is kept in Django's cache under
a digest of the laid-out chart itself — every shape, label and id (ids are derived from the
chart's content, `zona.charts.common.new_id`) — and the language: the same chart is written
once, and any change to what it shows is a new entry. `ZONA_CHART_CACHE_SECONDS` (default an
hour; 0 switches it off)."""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from zona.charts import Chart, Figure

register = template.Library()
TEMPLATE = "charts/figure.html"
GENERATION = 1  # bump when charts/*.svg change shape


def seconds() -> int:
    return int(getattr(settings, "ZONA_CHART_CACHE_SECONDS", 3600))


def figure_context(figure: Chart | Figure | None) -> dict:
    if isinstance(figure, Figure):
        return {"wide": figure.wide, "narrow": figure.narrow}
    return {"wide": figure, "narrow": None}


def entry(context: dict) -> str:
    digest = repr((GENERATION, get_language(), context["wide"], context["narrow"]))
    return "chart:" + hashlib.sha256(digest.encode()).hexdigest()[:32]


@register.simple_tag
def chart(figure: Chart | Figure | None) -> str:
    context = figure_context(figure)
    if figure is None or seconds() <= 0:
        return render_to_string(TEMPLATE, context)
    key = entry(context)
    written = cache.get(key)
    if written is None:
        written = render_to_string(TEMPLATE, context)
        cache.set(key, written, seconds())
    return written
