"""A line chart for trends over time: one line per series, each with its own marker shape and
dash style, values written beside the points.

Labels are placed so that none overlaps another or leaves the picture: the left margin fits the
axis labels, period labels wrap onto two lines (and only every n-th is written when even that does
not fit), and where two series' values meet at one period their labels move apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from .bars import divisions, nice_ceiling
from .common import (
    DASHES,
    LEGEND_ROW,
    MARKERS,
    Formatter,
    Series,
    axis_width,
    legend,
    legend_rows,
    new_id,
    plain_number,
    stroke,
)
from .measure import Box, label_box, text_width, wrap_to_width
from .shapes import Chart, Marker, Point, Polyline, Rule, Text, px

VALUE_SIZE = 10
TICK_SIZE = 11
MARKER_SIZE = 4.5


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str = "",
    max_value: float | None = None,
    fmt: Formatter = plain_number,
    width: int = 720,
    plot_height: int = 200,
) -> Chart:
    chart_id = new_id("line", locals())
    values = [v for s in series for v in s.values if v is not None]
    top = max_value if max_value else nice_ceiling(max(values, default=0))
    steps = divisions(top, all(float(v).is_integer() for v in values))
    ticks = [(top * step / steps, fmt(top * step / steps)) for step in range(steps + 1)]
    widest_value = max([text_width(fmt(v), VALUE_SIZE) for v in values] + [0.0])
    left = axis_width([label for _, label in ticks], TICK_SIZE)
    right = max(12.0, widest_value / 2 + 6)
    plot_w = width - left - right
    count = max(len(x_labels), 1)
    step_x = plot_w / count
    period_lines, every = _period_layout(x_labels, step_x)
    rows = legend_rows([s.name for s in series], left, width - 8, "lines")
    legend_h = 20 + LEGEND_ROW * rows
    head = VALUE_SIZE + 6  # room above the top gridline for a value label of 100 %
    bottom = 10 + 13 * max((len(lines) for lines in period_lines), default=1)
    plot_top = legend_h + head
    base = plot_top + plot_height
    height = base + bottom

    def at(index: int) -> float:
        return left + step_x * (index + 0.5)

    def y_of(value: float) -> float:
        return base - plot_height * min(max(value, 0) / top, 1.0)

    desc = description or "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{x} {'–' if v is None else fmt(v)}" for x, v in zip(x_labels, s.values, strict=False)
        )
        for s in series
    )
    chart = Chart(chart_id, width, px(height), title, desc)
    chart.legend = legend(chart_id, [s.name for s in series], left, 18, "lines", width - 8)
    for step, (_value, label) in enumerate(ticks):
        y = px(base - plot_height * step / steps)
        chart.rules.append(Rule(px(left), y, px(width - right), y))
        chart.texts.append(Text(px(left - 6), px(y + 4), label, TICK_SIZE, "end", "tick"))
    for index, lines in enumerate(period_lines):
        if index % every:
            continue
        label = str(x_labels[index])
        chart.texts.append(
            Text(px(at(index)), px(base + 17), label, TICK_SIZE, "middle", "period",
                 title=label, lines=tuple(lines))
        )  # fmt: skip
    labels = _value_labels(series, fmt, at, y_of, plot_top - head, base + 2)
    for si, s in enumerate(series):
        colour = stroke(si)
        dash = DASHES[si % len(DASHES)]
        points = [(i, at(i), y_of(v), v) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for _, x, y, _ in points)
            chart.polylines.append(Polyline(path, colour, dash))
        for i, x, y, v in points:
            shape = Marker(MARKERS[si % len(MARKERS)], px(x), px(y), colour, MARKER_SIZE)
            value = Text(px(x), px(labels[(si, i)]), fmt(v), VALUE_SIZE, "middle", "value")
            chart.points.append(
                Point(s.name, v, f"{s.name} — {x_labels[i]}: {fmt(v)}", shape, value)
            )
    return chart


def _period_layout(x_labels: Sequence[str], step_x: float) -> tuple[list[list[str]], int]:
    """Each period label's lines (two at most) and how often a label is written (every n-th):
    every label when each fits its period's room on two lines, otherwise every n-th label with
    the room of n periods, so that neighbouring labels keep 6 px apart."""
    every = 1
    while True:
        room = step_x * every - 6
        lines = [wrap_to_width(str(label), TICK_SIZE, room, 2) for label in x_labels]
        whole = all(
            " ".join(ls) == " ".join(str(label).split())
            for ls, label in zip(lines, x_labels, strict=True)
        )
        if whole or every >= len(x_labels):
            return lines, every
        every += 1


def _value_labels(series, fmt, at, y_of, top: float, bottom: float) -> dict[tuple[int, int], float]:
    """The baseline of each point's value label: above the point, unless it would meet a label
    already placed at that period or another series' marker there (then below, then further
    away), kept between `top` and `bottom`."""
    out: dict[tuple[int, int], float] = {}
    periods = max((len(s.values) for s in series), default=0)
    for i in range(periods):
        points = sorted(
            ((y_of(s.values[i]), si, fmt(s.values[i])) for si, s in enumerate(series)
             if i < len(s.values) and s.values[i] is not None),
        )  # fmt: skip
        reach = MARKER_SIZE + 1  # a triangle's apex stands 1 px above the others' tops
        markers = [Box(at(i) - reach, y - reach, 2 * reach, 2 * reach) for y, _, _ in points]
        placed: list[Box] = []
        for y, si, label in points:
            x = at(i)
            candidates = [y - 8, y + VALUE_SIZE + 8]
            candidates += [y - 8 - k * (VALUE_SIZE + 2) for k in range(1, 6)]
            candidates += [y + VALUE_SIZE + 8 + k * (VALUE_SIZE + 2) for k in range(1, 6)]
            chosen = None
            for baseline in candidates:
                box = label_box(x, baseline, label, VALUE_SIZE, "middle")
                if box.y < top or box.bottom > bottom:
                    continue
                if not any(box.overlaps(other, 1) for other in placed) and not any(
                    box.overlaps(other) for other in markers
                ):
                    chosen = baseline, box
                    break
            if chosen is None:  # nowhere free: keep it above the point
                baseline = max(y - 8, top + VALUE_SIZE)
                chosen = baseline, label_box(x, baseline, label, VALUE_SIZE, "middle")
            out[(si, i)] = chosen[0]
            placed.append(chosen[1])
    return out
