"""The dashboards' charts: data shaped by this app, laid out by `zona.charts` and written by the
`{% chart %}` tag (the same SVG on the page and in the PDF)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zona.charts import Chart, Series, grouped_bars, heatmap, line_chart
from zona.evaluations.models import Layer

from . import numbers
from .instansi import HeatMap
from .national import NationalTable
from .unit import AreaRow


def layer_name(layer: str) -> str:
    return str(Layer(layer).label)


def area_bars(areas: list[AreaRow], layers: list[str], title: str) -> Chart:
    return grouped_bars(
        [a.name for a in areas],
        [Series(layer_name(layer), [a.share(layer) for a in areas]) for layer in layers],
        title=title,
        max_value=100,
        fmt=numbers.percent,
    )


def trend_lines(trend: list[tuple[int, dict[str, float | None]]], layers) -> Chart:
    shown = [layer for layer in layers if any(values.get(layer) is not None for _, values in trend)]
    return line_chart(
        [str(year) for year, _values in trend],
        [Series(layer_name(layer), [v.get(layer) for _, v in trend]) for layer in shown],
        title=_("Total score per year"),
        max_value=100,
        fmt=numbers.points,
    )


def area_heatmap(heat: HeatMap) -> Chart:
    return heatmap(
        [row.name for row, _ in heat.rows],
        [a.name for a in heat.framework.areas],
        [shares for _, shares in heat.rows],
        title=_("Share of each area's weight reached, %(layer)s layer (%(framework)s)")
        % {"layer": layer_name(heat.layer), "framework": heat.framework.name},
        max_value=100,
        fmt=numbers.percent,
    )


def national_bars(table: NationalTable) -> Chart:
    return grouped_bars(
        [str(row.year) for row in table.years],
        [
            Series(_("Proposals"), [row.counts.proposals for row in table.years]),
            Series(_("Menuju WBK"), [row.counts.wbk for row in table.years]),
            Series(_("Menuju WBBM"), [row.counts.wbbm for row in table.years]),
        ],
        title=_("Proposals and predicates per year"),
        fmt=numbers.count,
    )


def national_lines(table: NationalTable) -> Chart:
    return line_chart(
        [str(row.year) for row in table.years],
        [
            Series(_("Proposals"), [row.accumulated.proposals for row in table.years]),
            Series(_("Menuju WBK"), [row.accumulated.wbk for row in table.years]),
            Series(_("Menuju WBBM"), [row.accumulated.wbbm for row in table.years]),
        ],
        title=_("Accumulated to each year"),
        fmt=numbers.count,
    )
