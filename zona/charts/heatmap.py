"""A heat map as a table of cells: one row per unit, one column per area. The shade of a cell
grows with its value, and the value is written in the cell, so it reads in grey print too."""

from __future__ import annotations

from collections.abc import Sequence

from .common import Formatter, frame, new_id, plain_number, text
from .measure import shorten, wrap_to_width

# Light to dark steps of one hue; text turns white on the dark half (contrast ≥ 4.5:1).
SHADES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c")
DARK_FROM = 5


def shade(value: float, top: float) -> tuple[str, str]:
    """(fill, text colour) for a value on the scale 0…top."""
    ratio = min(max(value / top if top else 0.0, 0.0), 1.0)
    index = min(int(ratio * len(SHADES)), len(SHADES) - 1)
    return SHADES[index], "#fff" if index >= DARK_FROM else "#111"


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    title: str,
    description: str = "",
    max_value: float = 1.0,
    fmt: Formatter = plain_number,
    row_label_width: int = 220,
    cell_width: int = 84,
    cell_height: int = 24,
) -> str:
    chart_id = new_id("heat")
    head_h = 46
    width = row_label_width + cell_width * max(len(columns), 1) + 4
    height = head_h + cell_height * len(rows) + 4
    body = []
    for ci, column in enumerate(columns):
        x = row_label_width + ci * cell_width + cell_width / 2
        lines = wrap_to_width(column, 10, cell_width - 6, 3)
        tspans = "".join(
            f'<tspan x="{x:.1f}" dy="{0 if i == 0 else 12}">{text(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        body.append(
            f'<text class="column" y="{head_h - 8 - 12 * (len(lines) - 1)}" font-size="10" '
            f'text-anchor="middle">{tspans}<title>{text(column)}</title></text>'
        )
    for ri, row in enumerate(rows):
        y = head_h + ri * cell_height
        label = shorten(row, 11, row_label_width - 10)
        body.append(
            f'<text class="row" x="{row_label_width - 6}" y="{y + cell_height * 0.68:.1f}" '
            f'font-size="11" text-anchor="end">{text(label)}<title>{text(row)}</title></text>'
        )
        for ci, column in enumerate(columns):
            value = values[ri][ci] if ci < len(values[ri]) else None
            x = row_label_width + ci * cell_width
            shown = "–" if value is None else fmt(value)
            colour, ink = ("#fff", "#111") if value is None else shade(value, max_value)
            data = "" if value is None else f' data-value="{value!r}"'
            body.append(
                f'<g class="cell"{data}><title>{text(f"{row} — {column}: {shown}")}</title>'
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_width - 2}" '
                f'height="{cell_height - 2}" '
                f'fill="{colour}" stroke="#999" stroke-width="0.5"/>'
                f'<text x="{x + cell_width / 2:.1f}" y="{y + cell_height * 0.68:.1f}" '
                f'font-size="11" text-anchor="middle" fill="{ink}">{text(shown)}</text></g>'
            )
    desc = description or f"{len(rows)} × {len(columns)}"
    return frame(chart_id, width, height, title, desc, "".join(body))
