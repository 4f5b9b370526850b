"""Charts computed on the server, so the page and the PDF show the same picture.

Pure Python (no Django): give labels and numbers, get a `Chart` — every bar, point, cell and
label placed and measured so that no two labels overlap and none leaves the picture — and, as a
`Figure`, the same chart laid out again for a phone's width (`bar_rows` for bars). The
template `charts/chart.svg` (zona.core, `{% chart %}`) writes it as an `<svg>` with a `<title>`,
a `<desc>` and ARIA labels. Every chart reads without colour: bars carry a pattern per series
and their value written above them, lines carry a marker shape and dash style per series,
heat-map cells carry their value as text.
"""

from .bars import bar_rows, grouped_bars
from .common import Series
from .heatmap import heatmap
from .lines import line_chart
from .shapes import Chart, Figure

__all__ = ["Chart", "Figure", "Series", "bar_rows", "grouped_bars", "heatmap", "line_chart"]
