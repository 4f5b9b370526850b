"""Numbers as the active language writes them (13,50 in Indonesian), for tables and charts.

A dashboard writes thousands of numbers; Django's `number_format` costs ~40 µs each, so these
format with Python and swap in the language's separators (looked up once per call site).
"""

from __future__ import annotations

from django.utils.formats import get_format


def _decimal(text: str) -> str:
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


def points(value: float | None) -> str:
    """A score, 2 decimals: 78,25."""
    if value is None:
        return "–"
    return _decimal(f"{value:.2f}")


def percent(value: float | None) -> str:
    """A share already in percent (62.5 → "62,5 %")."""
    if value is None:
        return "–"
    return _decimal(f"{value:.1f}") + " %"


def count(value: float | None) -> str:
    """A whole number with the language's grouping: 1.653 (id), 1,653 (en)."""
    if value is None:
        return "–"
    return f"{round(value):,}".replace(",", get_format("THOUSAND_SEPARATOR"))
