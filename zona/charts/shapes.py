"""What a chart is made of, as plain data: the chart modules compute where everything goes and
say it with these shapes; the SVG itself is written by the template `charts/chart.svg`
(zona.core), so markup stays in templates and escaping is the template engine's.

Coordinates are rounded here (a tenth of a pixel, finer for bars) so the template writes short,
stable numbers; the template turns localisation off, so they keep their decimal point in every
language.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def px(value: float, digits: int = 1) -> float:
    return round(value, digits)


@dataclass(frozen=True)
class Text:
    """A label with its baseline at (x, y). With `lines`, one <tspan> per line, `line_gap` px
    apart; `upright` turns it -90° about (x, y); `title` keeps a label's full wording where the
    drawn one is wrapped or cut."""

    x: float
    y: float
    label: str
    size: float
    anchor: str = "start"
    css: str = ""
    title: str = ""
    ink: str = ""
    upright: bool = False
    lines: tuple[str, ...] = ()
    line_gap: float = 13


@dataclass(frozen=True)
class Rule:
    """A gridline or axis line."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 1.0


@dataclass(frozen=True)
class Pattern:
    """The fill of one series' bars: solid, diagonal, dots or cross, so bars read without colour."""

    id: str
    kind: str
    colour: str


@dataclass(frozen=True)
class Marker:
    """A point's marker: circle, square, triangle or diamond. Squares and diamonds are hollow."""

    shape: str
    x: float
    y: float
    colour: str
    size: float = 4.5

    @property
    def hollow(self) -> bool:
        return self.shape in ("square", "diamond")

    @property
    def box(self) -> tuple[float, float, float]:
        """x, y of a square's corner and its side."""
        return px(self.x - self.size), px(self.y - self.size), px(2 * self.size)

    @property
    def points(self) -> str:
        """A triangle's or diamond's corners, as the SVG `points` attribute lists them."""
        x, y, s = self.x, self.y, self.size
        if self.shape == "triangle":
            corners = ((x, y - s - 1), (x - s, y + s), (x + s, y + s))
        else:
            corners = ((x, y - s), (x + s, y), (x, y + s), (x - s, y))
        return " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)


@dataclass(frozen=True)
class LegendItem:
    """A series' swatch and name: for bars a square in its fill (colour or pattern), for lines a
    stroke in its dash style with its marker."""

    text: Text
    x: float
    y: float
    fill: str = ""
    colour: str = ""
    dash: str = ""
    marker: Marker | None = None

    @property
    def stroke_end(self) -> float:
        """Where a line swatch's stroke ends."""
        return px(self.x + 22)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    w: float
    h: float
    fill: str  # a colour, or url(#…) of its pattern
    series: str
    category: str
    value: float
    title: str
    label: Text


@dataclass(frozen=True)
class Polyline:
    points: str
    colour: str
    dash: str = ""


@dataclass(frozen=True)
class Point:
    series: str
    value: float
    title: str
    marker: Marker
    label: Text


@dataclass(frozen=True)
class Cell:
    """A heat-map cell: its shade and its value written in it."""

    x: float
    y: float
    w: float
    h: float
    fill: str
    value: float | None
    title: str
    label: Text


@dataclass
class Chart:
    """Everything the template draws, in painting order: patterns, legend, gridlines, bars,
    lines, points, cells, then the free labels (ticks, categories, periods, row and column
    names) on top."""

    id: str
    width: float
    height: float
    title: str
    desc: str
    patterns: list[Pattern] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    polylines: list[Polyline] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    def all_texts(self) -> list[Text]:
        """Every label the chart writes (for the layout tests and checks)."""
        return [
            *(item.text for item in self.legend),
            *(bar.label for bar in self.bars),
            *(point.label for point in self.points),
            *(cell.label for cell in self.cells),
            *self.texts,
        ]


@dataclass(frozen=True)
class Figure:
    """One chart in two layouts: `wide` for a page and for paper, `narrow` (when there is one)
    for a phone's width. Both show the same figures under the same title."""

    wide: Chart
    narrow: Chart | None = None
