"""Rounding for display only: 2 decimals, half away from zero (as the Excel worksheet rounds),
with the decimal comma in Indonesian ("13,50") and the point in English ("13.50")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_SEPARATORS = {"id": (",", "."), "en": (".", ",")}


def _decimal(value: Decimal | float | int) -> Decimal:
    # A float's shortest repr ("15.75", "0.665") is the number a person typed or Excel shows;
    # its exact binary expansion (0.66500000000000003552…) is not.
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def round_display(value: Decimal | float, places: int = 2) -> Decimal:
    return _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_number(value: Decimal | float | None, lang: str = "id", places: int = 2) -> str:
    """13.5 → "13,50" (id) / "13.50" (en); thousands grouped ("1.234,50")."""
    if value is None:
        return "–"
    decimal_sep, group_sep = _SEPARATORS.get(lang[:2], _SEPARATORS["en"])
    text = f"{round_display(value, places):,.{places}f}"
    return text.replace(",", "\0").replace(".", decimal_sep).replace("\0", group_sep)


def format_percent(share: Decimal | float | None, lang: str = "id", places: int = 2) -> str:
    """A share 0–1 as a percentage: 0.6 → "60,00 %"."""
    if share is None:
        return "–"
    return f"{format_number(_decimal(share) * 100, lang, places)} %"


def format_count(value: Decimal | float | int | None, lang: str = "id") -> str:
    """A whole number with the language's grouping: 1.000.000 (id), 1,000,000 (en)."""
    if value is None:
        return "–"
    return format_number(value, lang, 0)


class Grouped(int):
    """A whole number that messages write with the language's grouping (1.000.000 in
    Indonesian, 1,000,000 in English) rather than as plain digits."""
