"""Grouped vertical bars: one group per category (an area, a year), one bar per series (a layer,
a count). Heights are proportional to the values on a scale from 0 to `max_value`."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .common import (
    LEGEND_ROW,
    Formatter,
    Series,
    axis_width,
    legend,
    legend_rows,
    new_id,
    paint,
    patterns,
    plain_number,
)
from .measure import text_width, wrap_to_width
from .shapes import Bar, Chart, Rule, Text, px


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^n at or above `value` (an axis top people can read)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value - 1e-12:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def divisions(top: float, integer: bool) -> int:
    """How many equal steps the axis is cut into: 4, unless the values are counts and a quarter
    of the top is not a whole number (then 5, 2 or 1 step, so that no tick reads "12,5 units")."""
    if not integer:
        return 4
    for steps in (4, 5, 2):
        if float(top / steps).is_integer():
            return steps
    return 1


def grouped_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str = "",
    max_value: float | None = None,
    fmt: Formatter = plain_number,
    width: int = 720,
    plot_height: int = 220,
    label_lines: int = 3,
) -> Chart:
    """The chart's shapes. `max_value` fixes the top of the axis (e.g. 100 for percentages);
    otherwise the largest value rounded up to a readable number."""
    chart_id = new_id("bars", locals())
    values = [v for s in series for v in s.values if v is not None]
    top = max_value if max_value else nice_ceiling(max(values, default=0))
    steps = divisions(top, all(float(v).is_integer() for v in values))
    ticks = [fmt(top * step / steps) for step in range(steps + 1)]
    left, right = axis_width(ticks), 12
    plot_w = width - left - right
    groups = max(len(categories), 1)
    group_w = plot_w / groups
    bar_w = group_w * 0.8 / max(len(series), 1)
    value_size = 10 if bar_w >= 22 else 8
    widest_value = max([text_width(fmt(v), value_size) for v in values] + [0.0])
    # A value wider than its bar is written upright, so neighbouring values never meet.
    upright = widest_value > bar_w - 1
    head = (widest_value if upright else value_size) + 6
    rows = legend_rows([s.name for s in series], left, width - 8, "bars")
    legend_h = 20 + LEGEND_ROW * rows + head
    category_lines = [wrap_to_width(str(c), 11, group_w - 6, label_lines) for c in categories]
    label_h = 14 * max((len(lines) for lines in category_lines), default=1) + 8
    height = legend_h + plot_height + label_h
    base = legend_h + plot_height  # y of the zero line
    desc = description or "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{c} {'–' if v is None else fmt(v)}"
            for c, v in zip(categories, s.values, strict=False)
        )
        for s in series
    )
    chart = Chart(chart_id, width, px(height), title, desc, patterns(chart_id, len(series)))
    chart.legend = legend(chart_id, [s.name for s in series], left, 18, "bars", width - 8)
    for step, label in enumerate(ticks):  # gridlines and axis labels
        y = px(base - plot_height * step / steps)
        chart.rules.append(Rule(px(left), y, width - right, y, 1 if step else 1.5))
        chart.texts.append(Text(px(left - 6), px(y + 4), label, 11, "end", "tick"))
    for ci, category in enumerate(categories):
        gx = left + ci * group_w + group_w * 0.1
        for si, s in enumerate(series):
            value = s.values[ci] if ci < len(s.values) else None
            x = gx + si * bar_w
            if value is None:
                chart.texts.append(Text(px(x + bar_w / 2), px(base - 4), "–", value_size, "middle"))
                continue
            h = plot_height * min(max(value, 0) / top, 1.0)
            cx, vy = x + bar_w * 0.46, base - h - 3
            if upright:
                label = Text(px(cx + value_size * 0.35), px(vy), fmt(value), value_size,
                             css="value", upright=True)  # fmt: skip
            else:
                label = Text(px(cx), px(vy), fmt(value), value_size, "middle", "value")
            chart.bars.append(
                Bar(
                    px(x, 2), px(base - h, 3), px(bar_w * 0.92, 2), px(h, 3),
                    paint(chart_id, si), s.name, str(category), value,
                    f"{s.name} — {category}: {fmt(value)}", label,
                )
            )  # fmt: skip
        chart.texts.append(
            Text(px(left + (ci + 0.5) * group_w), px(base + 15), str(category), 11, "middle",
                 "category", title=str(category), lines=tuple(category_lines[ci]))
        )  # fmt: skip
    return chart


def bar_rows(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str = "",
    max_value: float | None = None,
    fmt: Formatter = plain_number,
    width: int = 360,
    bar_height: int = 14,
) -> Chart:
    """The same figures as `grouped_bars`, laid out for a narrow screen: one row of bars per
    category under its name (which then has the whole width to wrap in), each value written at
    the end of its bar, the axis along the bottom."""
    chart_id = new_id("rows", locals())
    values = [v for s in series for v in s.values if v is not None]
    top = max_value if max_value else nice_ceiling(max(values, default=0))
    steps = divisions(top, all(float(v).is_integer() for v in values))
    ticks = [fmt(top * step / steps) for step in range(steps + 1)]
    value_size, tick_size = 10, 10
    widest_value = max([text_width(fmt(v), value_size) for v in values] + [0.0])
    # The first and last tick labels are centred on the ends of the axis: half of each must fit.
    left = max(8.0, text_width(ticks[0], tick_size) / 2 + 2)
    right = max(widest_value + 8, text_width(ticks[-1], tick_size) / 2 + 2)
    plot_w = width - left - right
    names = [s.name for s in series]
    legend_h = 20 + LEGEND_ROW * legend_rows(names, left, width - 8, "bars")
    desc = description or "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{c} {'–' if v is None else fmt(v)}"
            for c, v in zip(categories, s.values, strict=False)
        )
        for s in series
    )
    chart = Chart(chart_id, width, 0, title, desc, patterns(chart_id, len(series)))
    chart.legend = legend(chart_id, names, left, 18, "bars", width - 8)
    plot_top = y = legend_h
    for index, category in enumerate(categories):
        lines = wrap_to_width(str(category), 11, width - left - 4, 2)
        chart.texts.append(
            Text(px(left), px(y + 12), str(category), 11, css="category", title=str(category),
                 lines=tuple(lines))
        )  # fmt: skip
        y += 13 * len(lines) + 5
        for si, s in enumerate(series):
            value = s.values[index] if index < len(s.values) else None
            baseline = px(y + bar_height - 3)
            if value is None:
                chart.texts.append(Text(px(left + 4), baseline, "–", value_size))
            else:
                w = plot_w * min(max(value, 0) / top, 1.0)
                label = Text(px(left + w + 4), baseline, fmt(value), value_size, css="value")
                chart.bars.append(
                    Bar(
                        px(left), px(y), px(w, 2), bar_height, paint(chart_id, si), s.name,
                        str(category), value, f"{s.name} — {category}: {fmt(value)}", label,
                    )
                )  # fmt: skip
            y += bar_height + 3
        y += 8
    for step, label in enumerate(ticks):
        x = px(left + plot_w * step / steps)
        chart.rules.append(Rule(x, plot_top, x, px(y), 1 if step else 1.5))
        chart.texts.append(Text(x, px(y + 14), label, tick_size, "middle", "tick"))
    chart.height = px(y + 20)
    return chart
