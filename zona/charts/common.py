"""What the charts share: the series type, the patterns and markers that tell series apart
without colour, the legend, the axis margin and a default number format."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .measure import flow, text_width
from .shapes import LegendItem, Marker, Pattern, Text, px

Number = float | int
Formatter = Callable[[float], str]

# Colours chosen to stay distinguishable for the common colour-vision deficiencies (Okabe–Ito);
# the patterns below carry the distinction on their own.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
PATTERNS = ("solid", "diagonal", "dots", "cross")
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "6 3", "2 3", "8 3 2 3")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]  # None: no value (drawn as nothing, labelled "–")


def new_id(prefix: str, inputs: dict) -> str:
    """The chart's id, derived from what it is drawn from (its layout function's arguments):
    different charts on one page keep their own patterns, and the same chart drawn again gets
    the same id, so that its written SVG can be kept (`zona.core.templatetags.charts`)."""
    digest = hashlib.sha256(repr(_plain(inputs)).encode()).hexdigest()[:10]
    return f"{prefix}-{digest}"


def _plain(value):
    """`value` with functions (a number format) named rather than shown at their address."""
    if callable(value):
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', value)}"
    if isinstance(value, dict):
        return tuple((k, _plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_plain(v) for v in value)
    return value


def plain_number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def patterns(chart_id: str, count: int) -> list[Pattern]:
    """The patterns of `count` series: diagonal hatch, dots, cross-hatch (a solid series needs
    none)."""
    return [
        Pattern(f"{chart_id}-p{i}", PATTERNS[i % len(PATTERNS)], COLOURS[i % len(COLOURS)])
        for i in range(count)
        if PATTERNS[i % len(PATTERNS)] != "solid"
    ]


def paint(chart_id: str, index: int) -> str:
    """The fill of series `index`: its colour when solid (a pattern of one colour shows its tile
    seams in PDF viewers), otherwise its pattern."""
    if PATTERNS[index % len(PATTERNS)] == "solid":
        return COLOURS[index % len(COLOURS)]
    return f"url(#{chart_id}-p{index})"


def stroke(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


LEGEND_ROW = 20  # px between legend rows


def legend_rows(names: Sequence[str], x: float, limit: float, kind: str) -> int:
    """How many rows the legend takes between `x` and `limit`."""
    placed = flow([_legend_width(n, kind) for n in names], x, limit, 18)
    return placed[-1][1] + 1 if placed else 1


def _legend_width(name: str, kind: str) -> float:
    return (20 if kind == "bars" else 28) + text_width(name, 12)


def legend(
    chart_id: str, names: Sequence[str], x: float, y: float, kind: str, limit: float = 1e9
) -> list[LegendItem]:
    """Swatches (bars: the pattern; lines: marker and dash) with the series names, wrapped onto
    more rows of `LEGEND_ROW` px when they would pass `limit`."""
    out = []
    placed = flow([_legend_width(n, kind) for n in names], x, limit, 18)
    for index, (name, (cursor, row)) in enumerate(zip(names, placed, strict=True)):
        yy = y + row * LEGEND_ROW
        label_x = cursor + (20 if kind == "bars" else 28)
        text = Text(px(label_x), px(yy + 1), name, 12)
        if kind == "bars":
            out.append(LegendItem(text, px(cursor), px(yy - 10), fill=paint(chart_id, index)))
        else:
            colour = stroke(index)
            shape = Marker(MARKERS[index % len(MARKERS)], px(cursor + 11), px(yy - 3), colour, 3.5)
            out.append(
                LegendItem(
                    text, px(cursor), px(yy - 3), colour=colour,
                    dash=DASHES[index % len(DASHES)], marker=shape,
                )
            )  # fmt: skip
    return out


def axis_width(labels: Sequence[str], size: float = 11) -> float:
    """The left margin that fits the y-axis labels (right-aligned 6 px from the axis)."""
    return max([text_width(label, size) for label in labels] + [20.0]) + 12
