"""Numbers as the active language writes them (13,50 in Indonesian), for tables and charts.

Every figure is rounded once, half away from zero, by `zona.lke.display` — the same rounding as
the LKE page, the lists and Django's `floatformat` — so a total of 24,615 reads 24,62 everywhere.
"""

from __future__ import annotations

from django.utils.translation import get_language

from zona.lke.display import format_count, format_number


def _lang() -> str:
    return (get_language() or "id")[:2]


def points(value: float | None) -> str:
    """A score, 2 decimals: 78,25."""
    return format_number(value, _lang(), 2)


def percent(value: float | None) -> str:
    """A share already in percent (62.5 → "62,5 %")."""
    if value is None:
        return "–"
    return f"{format_number(value, _lang(), 1)} %"


def count(value: float | None) -> str:
    """A whole number with the language's grouping: 1.653 (id), 1,653 (en)."""
    return format_count(value, _lang())
