"""Numbers as the active language writes them (13,50 in Indonesian), for tables and charts."""

from __future__ import annotations

from django.utils.formats import number_format


def points(value: float | None) -> str:
    """A score, 2 decimals: 78,25."""
    if value is None:
        return "–"
    return number_format(round(value, 2), 2, use_l10n=True)


def percent(value: float | None) -> str:
    """A share already in percent (62.5 → "62,5 %")."""
    if value is None:
        return "–"
    return f"{number_format(round(value, 1), 1, use_l10n=True)} %"


def count(value: float | None) -> str:
    if value is None:
        return "–"
    return number_format(round(value), 0, use_l10n=True, force_grouping=True)
