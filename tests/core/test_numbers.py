"""One way to write every number and date (zona.core.numbers, zona/formats): table-driven, in
Indonesian and in English, and the same value the same way wherever Zona shows it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from zona.core import numbers

# (helper, value, Indonesian, English)
CASES = [
    (numbers.points, 24.615, "24,62", "24.62"),  # Python's round() gives 24.61
    (numbers.points, 0, "0,00", "0.00"),  # 0 is a score, not "no score"
    (numbers.points, 0.005, "0,01", "0.01"),
    (numbers.points, -1.005, "-1,01", "-1.01"),  # half away from zero
    (numbers.points, 1_000_000_000_000, "1.000.000.000.000,00", "1,000,000,000,000.00"),
    (numbers.points, None, "–", "–"),
    (numbers.percent, 92.34, "92,3 %", "92.3 %"),
    (numbers.percent, 100, "100,0 %", "100.0 %"),
    (numbers.percent, 0, "0,0 %", "0.0 %"),
    (numbers.share, 0.9234, "92,3 %", "92.3 %"),
    (numbers.share, 0.61665, "61,7 %", "61.7 %"),
    (numbers.count, 1_000_000_000_000, "1.000.000.000.000", "1,000,000,000,000"),
    (numbers.count, 0, "0", "0"),
    (numbers.count, 1653, "1.653", "1,653"),
    (numbers.figure, "86.5000", "86,5", "86.5"),
    (numbers.figure, Decimal("1000000"), "1.000.000", "1,000,000"),
    (numbers.figure, 3.62, "3,62", "3.62"),
    (numbers.figure, Decimal("1E+2"), "100", "100"),
    (numbers.figure, "", "—", "—"),
]


@pytest.mark.parametrize("helper, value, indonesian, english", CASES)
def test_numbers_follow_the_language(helper, value, indonesian, english):
    with translation.override("id"):
        assert helper(value) == indonesian
    with translation.override("en"):
        assert helper(value) == english


def test_rounded_for_exports_is_the_displayed_value():
    assert round(24.615, 2) == 24.61  # why no figure goes through round()
    assert numbers.rounded(24.615) == 24.62
    assert numbers.rounded(None) is None


def _render(source: str, **context) -> str:
    return Template("{% load lke zona %}" + source).render(Context(context))


def test_the_same_value_reads_the_same_everywhere():
    """The TPI total 24,615 once read 24,62 in one table and 24,61 in the next: every path a
    figure takes to the screen rounds it the same way."""
    from zona.evaluations.actions import _points
    from zona.surveys.feeds import _number

    value = 24.615
    with translation.override("id"):
        shown = {
            numbers.points(value),
            _points(value),
            _number(value),
            _render("{{ v|lke_number }}", v=value),
            _render("{{ v|floatformat:2 }}", v=value),
        }
    assert shown == {"24,62"}


# (format, value, Indonesian, English)
DATES = [
    ("DATE_FORMAT", date(2026, 5, 31), "31 Mei 2026", "31 May 2026"),
    ("SHORT_DATE_FORMAT", date(2026, 5, 31), "31 Mei 2026", "31 May 2026"),
    ("DATE_FORMAT", date(2024, 8, 19), "19 Agustus 2024", "19 August 2024"),
    ("DATETIME_FORMAT", datetime(2026, 12, 2, 13, 12), "2 Des 2026 13.12", "2 Dec 2026 13:12"),
    (
        "SHORT_DATETIME_FORMAT",
        datetime(2026, 12, 2, 13, 12),
        "2 Des 2026 13.12",
        "2 Dec 2026 13:12",
    ),
    ("YEAR_MONTH_FORMAT", date(2026, 1, 12), "Januari 2026", "January 2026"),
]


@pytest.mark.parametrize("fmt, value, indonesian, english", DATES)
def test_dates_follow_the_language(fmt, value, indonesian, english):
    with translation.override("id"):
        assert date_format(value, fmt) == indonesian
        assert _render(f'{{{{ v|date:"{fmt}" }}}}', v=value) == indonesian
    with translation.override("en"):
        assert date_format(value, fmt) == english


def test_no_figure_is_formatted_around_the_rule():
    """Django's number_format does not group thousands (1000000000000) and Python's round()
    rounds the binary value: figures go through zona.core.numbers."""
    import re
    from pathlib import Path

    zona = Path(__file__).resolve().parents[2] / "zona"
    offending = []
    for path in zona.rglob("*.py"):
        if path.is_relative_to(zona / "charts"):  # SVG coordinates, not figures
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"(?<![.\w])number_format\(|:\.\d+f\}", text):
            line = text.count("\n", 0, match.start()) + 1
            offending.append(f"{path.relative_to(zona)}:{line}")
    allowed = {"lke/display.py:26"}  # the rule itself
    assert sorted(set(offending) - allowed) == []
