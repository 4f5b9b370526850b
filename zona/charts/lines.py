"""A line chart for trends over time: one line per series, each with its own marker shape and
dash style, values written beside the points."""

from __future__ import annotations

from collections.abc import Sequence

from .bars import divisions, nice_ceiling
from .common import (
    DASHES,
    MARKERS,
    Formatter,
    Series,
    attr,
    frame,
    legend,
    marker,
    new_id,
    plain_number,
    stroke,
    text,
)


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
) -> str:
    chart_id = new_id("line")
    values = [v for s in series for v in s.values if v is not None]
    top = max_value if max_value else nice_ceiling(max(values, default=0))
    left, right, legend_h, bottom = 48, 24, 34, 26
    height = legend_h + plot_height + bottom
    plot_w = width - left - right
    base = legend_h + plot_height
    count = max(len(x_labels), 1)
    step_x = plot_w / count

    def at(index: int) -> float:
        return left + step_x * (index + 0.5)

    def y_of(value: float) -> float:
        return base - plot_height * min(max(value, 0) / top, 1.0)

    body = [legend(chart_id, [s.name for s in series], left, 18, "lines")]
    steps = divisions(top, all(float(v).is_integer() for v in values))
    for step in range(steps + 1):
        value = top * step / steps
        y = base - plot_height * step / steps
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#ccc"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end">'
            f"{text(fmt(value))}</text>"
        )
    for index, label in enumerate(x_labels):
        body.append(
            f'<text x="{at(index):.1f}" y="{base + 17:.1f}" font-size="11" '
            f'text-anchor="middle">{text(label)}</text>'
        )
    for si, s in enumerate(series):
        colour = stroke(si)
        dash = DASHES[si % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = [(i, at(i), y_of(v), v) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for _, x, y, _ in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"'
                f"{dash_attr}/>"
            )
        for i, x, y, v in points:
            shape = MARKERS[si % len(MARKERS)]
            label = f"{s.name} — {x_labels[i]}: {fmt(v)}"
            body.append(
                f'<g class="point" data-series={attr(s.name)} data-value="{v!r}">'
                f"<title>{text(label)}</title>{marker(shape, x, y, colour)}"
                f'<text x="{x + 7:.1f}" y="{y - 7:.1f}" font-size="10">{text(fmt(v))}</text></g>'
            )
    desc = description or "; ".join(
        f"{s.name}: "
        + ", ".join(
            f"{x} {'–' if v is None else fmt(v)}" for x, v in zip(x_labels, s.values, strict=False)
        )
        for s in series
    )
    return frame(chart_id, width, height, title, desc, "".join(body))
