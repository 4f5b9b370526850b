from decimal import Decimal

import pytest

from zona.lke.display import format_number, format_percent, round_display


@pytest.mark.parametrize(
    "value, lang, text",
    [
        (Decimal("13.5"), "id", "13,50"),
        (Decimal("13.5"), "en", "13.50"),
        (Decimal("0.665"), "id", "0,67"),  # half away from zero, as Excel rounds
        (Decimal("74.994999"), "id", "74,99"),
        (Decimal("1234.5"), "id", "1.234,50"),
        (Decimal("1234.5"), "en", "1,234.50"),
        (None, "id", "–"),
    ],
)
def test_format_number(value, lang, text):
    assert format_number(value, lang) == text


def test_format_percent():
    assert format_percent(Decimal("0.6"), "id") == "60,00 %"
    assert format_percent(Decimal("0.6"), "en") == "60.00 %"


def test_round_display_only_rounds_a_copy():
    value = Decimal(2) / Decimal(3)
    assert round_display(value) == Decimal("0.67") and value != Decimal("0.67")
