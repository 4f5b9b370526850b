"""The dashboards' charts: data shaped by this app, laid out by `zona.charts` and written by the
`{% chart %}` tag (the same SVG on the page and in the PDF). Each comes with a layout for a
phone's width (`NARROW` px), which the page shows instead on a phone."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zona.charts import Figure, Series, bar_rows, grouped_bars, heatmap, line_chart
from zona.evaluations.models import Layer

from . import numbers
from .instansi import HeatMap
from .national import NationalTable
from .unit import AreaRow

# A 390 px phone less the page's padding: the narrow charts are drawn at (about) their real size.
NARROW = 360


def layer_name(layer: str) -> str:
    return str(Layer(layer).label)


def area_bars(areas: list[AreaRow], layers: list[str], title: str) -> Figure:
    names = [a.name for a in areas]
    series = [Series(layer_name(layer), [a.share(layer) for a in areas]) for layer in layers]
    return Figure(
        grouped_bars(names, series, title=title, max_value=100, fmt=numbers.percent),
        bar_rows(names, series, title=title, max_value=100, fmt=numbers.percent, width=NARROW),
    )


def _lines(labels: list[str], series: list[Series], **options) -> Figure:
    return Figure(line_chart(labels, series, **options),
                  line_chart(labels, series, width=NARROW, **options))  # fmt: skip


def trend_lines(trend: list[tuple[int, dict[str, float | None]]], layers) -> Figure:
    shown = [layer for layer in layers if any(values.get(layer) is not None for _, values in trend)]
    return _lines(
        [str(year) for year, _values in trend],
        [Series(layer_name(layer), [v.get(layer) for _, v in trend]) for layer in shown],
        title=_("Total score per year"),
        max_value=100,
        fmt=numbers.points,
    )


def area_heatmap(heat: HeatMap) -> Figure:
    columns = [a.name for a in heat.framework.areas]
    options = {
        "title": _("Share of each area's weight reached, %(layer)s layer (%(framework)s)")
        % {"layer": layer_name(heat.layer), "framework": heat.framework.name},
        "max_value": 100,
        "fmt": numbers.percent,
    }
    rows = [row.name for row, _ in heat.rows]
    shares = [shares for _, shares in heat.rows]
    label_w = 110
    return Figure(
        heatmap(rows, columns, shares, **options),
        heatmap(rows, columns, shares, row_label_width=label_w, upright_columns=True,
                cell_width=max((NARROW - label_w - 4) // max(len(columns), 1), 36), **options),
    )  # fmt: skip


def national_bars(table: NationalTable) -> Figure:
    years = [str(row.year) for row in table.years]
    series = [
        Series(_("Proposals"), [row.counts.proposals for row in table.years]),
        Series(_("Menuju WBK"), [row.counts.wbk for row in table.years]),
        Series(_("Menuju WBBM"), [row.counts.wbbm for row in table.years]),
    ]
    title = _("Proposals and predicates per year")
    return Figure(
        grouped_bars(years, series, title=title, fmt=numbers.count),
        grouped_bars(years, series, title=title, fmt=numbers.count, width=NARROW),
    )


def national_lines(table: NationalTable) -> Figure:
    return _lines(
        [str(row.year) for row in table.years],
        [
            Series(_("Proposals"), [row.accumulated.proposals for row in table.years]),
            Series(_("Menuju WBK"), [row.accumulated.wbk for row in table.years]),
            Series(_("Menuju WBBM"), [row.accumulated.wbbm for row in table.years]),
        ],
        title=_("Accumulated to each year"),
        fmt=numbers.count,
    )
