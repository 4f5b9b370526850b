"""Every figure Zona shows, written one way in the active language and rounded once.

The rule: a value is rounded for display only here, half away from zero on its shortest
decimal form (`zona.lke.display`, the way the official workbook rounds), and grouped by
thousands — so the TPI total 24,615 reads 24,62 in every table, message and export, and a
trillion reads 1.000.000.000.000 in Indonesian. Python's `round()` and `"%.2f"` round the
binary value (24,61) and Django's `number_format` does not group unless forced: neither is
used for a figure a person reads.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language

from zona.lke.display import format_count, format_number, round_display

NOTHING = "–"


def _lang() -> str:
    return (get_language() or "id")[:2]


def points(value: float | Decimal | None, places: int = 2) -> str:
    """A score or index with fixed decimals: 24.615 → "24,62"; 0 → "0,00"."""
    return format_number(value, _lang(), places)


def percent(value: float | Decimal | None, places: int = 1) -> str:
    """A share already in percent: 92.34 → "92,3 %"."""
    if value is None:
        return NOTHING
    return f"{format_number(value, _lang(), places)} %"


def share(value: float | Decimal | None, places: int = 1) -> str:
    """A share 0–1 as a percentage: 0.9234 → "92,3 %"."""
    if value is None:
        return NOTHING
    return percent(Decimal(repr(value)) * 100 if isinstance(value, float) else value * 100, places)


def count(value: float | int | None) -> str:
    """A whole number grouped by thousands: 1.000.000.000.000 (id), 1,000,000,000,000 (en)."""
    return format_count(value, _lang())


def figure(value: float | Decimal | str | None, empty: str = "—") -> str:
    """A stored figure as typed, without padding zeros, grouped: 86.5000 → "86,5";
    1000000 → "1.000.000"."""
    if value is None or value == "":
        return empty
    plain = Decimal(value if not isinstance(value, float) else repr(value)).normalize()
    places = max(0, -plain.as_tuple().exponent)
    return format_number(plain, _lang(), places)


def rounded(value: float | Decimal | None, places: int = 2) -> float | None:
    """The displayed value as a number, for spreadsheets and exports: 24.615 → 24.62."""
    return None if value is None else float(round_display(value, places))
