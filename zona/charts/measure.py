"""How wide a label is drawn, so that charts can place labels that never overlap or clip.

Widths are the advance widths of DejaVu Sans (the font the charts name first, and the one the PDFs
embed), in ems; wider fallback fonts are rare and narrower ones (Arial) only leave more room.
"""

from __future__ import annotations

from dataclasses import dataclass

ADVANCE = {
    ' ': 0.318, '!': 0.401, '"': 0.46, '#': 0.838, '$': 0.636, '%': 0.95, '&': 0.78, "'": 0.275,
    '(': 0.39, ')': 0.39, '*': 0.5, '+': 0.838, ',': 0.318, '-': 0.361, '.': 0.318, '/': 0.337,
    '0': 0.636, '1': 0.636, '2': 0.636, '3': 0.636, '4': 0.636, '5': 0.636, '6': 0.636, '7': 0.636,
    '8': 0.636, '9': 0.636, ':': 0.337, ';': 0.337, '<': 0.838, '=': 0.838, '>': 0.838, '?': 0.531,
    '@': 1.0, 'A': 0.684, 'B': 0.686, 'C': 0.698, 'D': 0.77, 'E': 0.632, 'F': 0.575, 'G': 0.775,
    'H': 0.752, 'I': 0.295, 'J': 0.295, 'K': 0.656, 'L': 0.557, 'M': 0.863, 'N': 0.748, 'O': 0.787,
    'P': 0.603, 'Q': 0.787, 'R': 0.695, 'S': 0.635, 'T': 0.611, 'U': 0.732, 'V': 0.684, 'W': 0.989,
    'X': 0.685, 'Y': 0.611, 'Z': 0.685, '[': 0.39, '\\': 0.337, ']': 0.39, '^': 0.838, '_': 0.5,
    '`': 0.5, 'a': 0.613, 'b': 0.635, 'c': 0.55, 'd': 0.635, 'e': 0.615, 'f': 0.352, 'g': 0.635,
    'h': 0.634, 'i': 0.278, 'j': 0.278, 'k': 0.579, 'l': 0.278, 'm': 0.974, 'n': 0.634, 'o': 0.612,
    'p': 0.635, 'q': 0.635, 'r': 0.411, 's': 0.521, 't': 0.392, 'u': 0.634, 'v': 0.592, 'w': 0.818,
    'x': 0.592, 'y': 0.592, 'z': 0.525, '{': 0.636, '|': 0.337, '}': 0.636, '~': 0.838, '–': 0.5,
    '—': 1.0, '…': 1.0, '\u2019': 0.318, '“': 0.518, '”': 0.518, '·': 0.318, '×': 0.838, '→': 0.838,
    '≥': 0.838, '≤': 0.838,
}  # fmt: skip
DEFAULT_ADVANCE = 0.64  # any other character: about a digit's width
LINE_HEIGHT = 1.2  # em


def text_width(label: str, size: float) -> float:
    """The drawn width of `label` at font size `size` (px)."""
    return sum(ADVANCE.get(ch, DEFAULT_ADVANCE) for ch in label) * size


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: x, y of the top-left corner, width, height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        return not (
            self.right + gap <= other.x
            or other.right + gap <= self.x
            or self.bottom + gap <= other.y
            or other.bottom + gap <= self.y
        )

    def inside(self, width: float, height: float) -> bool:
        return self.x >= 0 and self.y >= 0 and self.right <= width and self.bottom <= height


def label_box(x: float, baseline: float, label: str, size: float, anchor: str = "start") -> Box:
    """The box of a one-line label drawn at (x, baseline) with the SVG text-anchor `anchor`."""
    w = text_width(label, size)
    left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    # Ascent ~0.76 em, descent ~0.24 em for DejaVu Sans.
    return Box(left, baseline - 0.76 * size, w, size)


def wrap_to_width(label: str, size: float, max_width: float, lines: int) -> list[str]:
    """Split `label` at spaces into at most `lines` lines, each at most `max_width` wide; a line
    that cannot fit is cut with an ellipsis (charts keep the whole label in a <title>)."""
    out: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size) > max_width:
            out.append(current)
            current = word
        else:
            current = candidate
    if current:
        out.append(current)
    if len(out) > lines:
        out = [*out[: lines - 1], " ".join(out[lines - 1 :])]
    # A single word wider than the room (or the joined rest on the last line) is cut.
    return [shorten(line, size, max_width) for line in out] or [""]


def shorten(label: str, size: float, max_width: float) -> str:
    """`label` cut to fit `max_width`, ending in an ellipsis when cut."""
    if text_width(label, size) <= max_width:
        return label
    while label and text_width(label + "…", size) > max_width:
        label = label[:-1]
    return label.rstrip() + "…"


def flow(widths: list[float], start: float, limit: float, gap: float) -> list[tuple[float, int]]:
    """Lay items of the given widths left to right from `start`, starting a new row whenever the
    next one would pass `limit`: (x, row) of each."""
    out, x, row = [], start, 0
    for w in widths:
        if x > start and x + w > limit:
            x, row = start, row + 1
        out.append((x, row))
        x += w + gap
    return out
