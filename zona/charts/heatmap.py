"""A heat map as a table of cells: one row per unit, one column per area. The shade of a cell
grows with its value, and the value is written in the cell, so it reads in grey print too."""

from __future__ import annotations

from collections.abc import Sequence

from .common import Formatter, new_id, plain_number
from .measure import shorten, text_width, wrap_to_width
from .shapes import Cell, Chart, Text, px

# Light to dark steps of one hue; text turns white on the dark half (contrast ≥ 4.5:1).
SHADES = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c")
DARK_FROM = 5
UPRIGHT_MAX = 225  # px: the longest upright column name (the LKE 2021 area names fit)


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
    row_label_width: float | None = None,
    cell_width: int = 84,
    cell_height: int = 24,
    upright_columns: bool = False,
    row_label_max: float = 300,
) -> Chart:
    """`row_label_width` defaults to the longest row name's (at most `row_label_max` px; a longer
    name is cut, whole in its title). Column names wrap onto up to four lines; `upright_columns`
    writes them turned upright instead, for cells too narrow to wrap a name in (a phone's
    layout), cutting a name longer than `UPRIGHT_MAX` px."""
    chart_id = new_id("heat", locals())
    if row_label_width is None:
        widest = max([text_width(row, 11) for row in rows] + [40.0])
        row_label_width = min(widest + 12, row_label_max)
    written = ["–" if v is None else fmt(v) for row in values for v in row]
    # The largest size at which every value fits its cell.
    value_size = next(
        (s for s in (11, 10, 9) if all(text_width(v, s) <= cell_width - 6 for v in written)),
        8,
    )
    if upright_columns:
        head_h = min(max([text_width(c, 10) for c in columns] + [0.0]), UPRIGHT_MAX) + 12
    else:
        wrapped = [wrap_to_width(column, 10, cell_width - 6, 4) for column in columns]
        head_h = 10 + 12 * max((len(lines) for lines in wrapped), default=1)
    width = px(row_label_width + cell_width * max(len(columns), 1) + 4)
    height = px(head_h + cell_height * len(rows) + 4)
    chart = Chart(chart_id, width, height, title, description or f"{len(rows)} × {len(columns)}")
    for ci, column in enumerate(columns):
        x = row_label_width + ci * cell_width + cell_width / 2
        if upright_columns:
            # Turned about its start, the label's glyphs lie left of x: centre them on the cell.
            label = shorten(column, 10, UPRIGHT_MAX)
            chart.texts.append(
                Text(px(x + 3.5), px(head_h - 6), label, 10, css="column", title=column,
                     upright=True)
            )  # fmt: skip
            continue
        lines = wrapped[ci]
        chart.texts.append(
            Text(px(x), head_h - 8 - 12 * (len(lines) - 1), column, 10, "middle", "column",
                 title=column, lines=tuple(lines), line_gap=12)
        )  # fmt: skip
    for ri, row in enumerate(rows):
        y = px(head_h + ri * cell_height)
        baseline = px(y + cell_height * 0.68)
        label = shorten(row, 11, row_label_width - 10)
        chart.texts.append(
            Text(px(row_label_width - 6), baseline, label, 11, "end", "row", title=row)
        )
        for ci, column in enumerate(columns):
            value = values[ri][ci] if ci < len(values[ri]) else None
            x = px(row_label_width + ci * cell_width)
            shown = "–" if value is None else fmt(value)
            colour, ink = ("#fff", "#111") if value is None else shade(value, max_value)
            text = Text(px(x + cell_width / 2), baseline, shown, value_size, "middle", ink=ink)
            chart.cells.append(
                Cell(x + 1, y + 1, cell_width - 2, cell_height - 2, colour, value,
                     f"{row} — {column}: {shown}", text)
            )  # fmt: skip
    return chart
