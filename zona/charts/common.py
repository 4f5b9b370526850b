"""What the charts share: escaping, the series type, patterns and markers that tell series apart
without colour, and a default number format."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .measure import flow, text_width

Number = float | int
Formatter = Callable[[float], str]

# Colours chosen to stay distinguishable for the common colour-vision deficiencies (Okabe–Ito);
# the patterns below carry the distinction on their own.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
PATTERNS = ("solid", "diagonal", "dots", "cross")
MARKERS = ("circle", "square", "triangle", "diamond")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
FONT = "font-family:'DejaVu Sans',Arial,sans-serif"

_ids = itertools.count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Number | None]  # None: no value (drawn as nothing, labelled "–")


def new_id(prefix: str) -> str:
    """An id unique in the process, so that several charts on one page keep their own patterns."""
    return f"{prefix}{next(_ids)}"


def text(value: object) -> str:
    return escape(str(value))


def attr(value: object) -> str:
    """A quoted, escaped attribute value (quotes included)."""
    return quoteattr(str(value))


def plain_number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"


def pattern_defs(chart_id: str, count: int) -> str:
    """<pattern> elements for `count` series: solid, diagonal hatch, dots, cross-hatch, …"""
    out = []
    for index in range(count):
        colour = COLOURS[index % len(COLOURS)]
        kind = PATTERNS[index % len(PATTERNS)]
        pid = f"{chart_id}-p{index}"
        if kind == "solid":
            body = f'<rect width="8" height="8" fill="{colour}"/>'
        elif kind == "diagonal":
            body = (
                f'<rect width="8" height="8" fill="#fff"/>'
                f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" '
                f'stroke-width="2.5"/>'
            )
        elif kind == "dots":
            body = (
                f'<rect width="8" height="8" fill="#fff"/>'
                f'<circle cx="4" cy="4" r="2.2" fill="{colour}"/>'
            )
        else:
            body = (
                f'<rect width="8" height="8" fill="#fff"/>'
                f'<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{colour}" stroke-width="1.6"/>'
            )
        out.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f"{body}</pattern>"
        )
    return "<defs>" + "".join(out) + "</defs>"


def fill(chart_id: str, index: int) -> str:
    return f"url(#{chart_id}-p{index})"


def stroke(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def marker(shape: str, x: float, y: float, colour: str, size: float = 4.5) -> str:
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}"/>'
    if shape == "square":
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" '
            f'height="{2 * size:.1f}" fill="#fff" stroke="{colour}" stroke-width="2"/>'
        )
    if shape == "triangle":
        corners = ((x, y - size - 1), (x - size, y + size), (x + size, y + size))
        points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
        return f'<polygon points="{points}" fill="{colour}"/>'
    corners = ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
    return f'<polygon points="{points}" fill="#fff" stroke="{colour}" stroke-width="2"/>'


def frame(chart_id: str, width: int, height: int, title: str, desc: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="zona-chart" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" style="max-width:100%;height:auto;{FONT}">'
        f'<title id="{chart_id}-t">{text(title)}</title><desc id="{chart_id}-d">{text(desc)}</desc>'
        f"{body}</svg>"
    )


LEGEND_ROW = 20  # px between legend rows


def legend_rows(names: Sequence[str], x: float, limit: float, kind: str) -> int:
    """How many rows the legend takes between `x` and `limit`."""
    placed = flow([_legend_width(n, kind) for n in names], x, limit, 18)
    return placed[-1][1] + 1 if placed else 1


def _legend_width(name: str, kind: str) -> float:
    return (20 if kind == "bars" else 28) + text_width(name, 12)


def legend(
    chart_id: str, names: Sequence[str], x: float, y: float, kind: str, limit: float = 1e9
) -> str:
    """Swatches (bars: the pattern; lines: marker and dash) with the series names, wrapped onto
    more rows of `LEGEND_ROW` px when they would pass `limit`."""
    out = []
    placed = flow([_legend_width(n, kind) for n in names], x, limit, 18)
    for index, (name, (cursor, row)) in enumerate(zip(names, placed, strict=True)):
        yy = y + row * LEGEND_ROW
        if kind == "bars":
            swatch = (
                f'<rect x="{cursor:.1f}" y="{yy - 10:.1f}" width="14" height="14" '
                f'fill="{fill(chart_id, index)}" stroke="#333" stroke-width="0.8"/>'
            )
        else:
            colour = stroke(index)
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            swatch = (
                f'<line x1="{cursor:.1f}" y1="{yy - 3:.1f}" x2="{cursor + 22:.1f}" '
                f'y2="{yy - 3:.1f}" stroke="{colour}" stroke-width="2"{dash_attr}/>'
                + marker(MARKERS[index % len(MARKERS)], cursor + 11, yy - 3, colour, 3.5)
            )
        label_x = cursor + (20 if kind == "bars" else 28)
        out.append(
            f'<g class="legend-item">{swatch}<text x="{label_x:.1f}" y="{yy + 1:.1f}" '
            f'font-size="12">{text(name)}</text></g>'
        )
    return '<g class="legend">' + "".join(out) + "</g>"


def axis_width(labels: Sequence[str], size: float = 11) -> float:
    """The left margin that fits the y-axis labels (right-aligned 6 px from the axis)."""
    return max([text_width(label, size) for label in labels] + [20.0]) + 12
