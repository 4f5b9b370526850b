"""`computed_item`: one computed percentage exactly as `score` computes it (the eligibility
reads the LHKPN/LHKASN shares of the LKE this way, without scoring all 129 questions)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zona.lke.model import MISSING_INPUT
from zona.lke.registry import builtin_framework
from zona.lke.scoring import computed_item, score_normalised

LHKPN, LHKASN = "A.II.5.iii.a.c1", "A.II.5.iii.b.c1"


@pytest.mark.parametrize(
    "answers",
    [
        {"113": 1, "114": 12, "115": 7, "116": 20, "117a": 80, "120": 72},  # 100 %, 90 %
        {"113": 1, "114": 12, "115": 7, "116": 25, "117a": 80, "120": 100},  # capped at 1
        {"113": 0, "114": 0, "115": 0, "116": 0, "117a": 0, "120": 0},  # zero over zero
        {"113": 1, "116": 1},  # inputs missing
    ],
)
def test_one_item_is_what_the_full_score_says(answers):
    framework = builtin_framework("lke-2021")
    given = {no: Decimal(v) for no, v in answers.items()}
    full = score_normalised(framework, given, None).computed
    for code in (LHKPN, LHKASN):
        assert computed_item(framework, code, given) == full[code], code


def test_values_and_reasons():
    framework = builtin_framework("lke-2021")
    given = {"113": Decimal(1), "114": Decimal(12), "115": Decimal(7), "116": Decimal(15)}
    assert computed_item(framework, LHKPN, given).raw == Decimal("0.75")
    missing = computed_item(framework, LHKASN, given)
    assert missing.reason == MISSING_INPUT and set(missing.missing) == {"117a", "120"}
    with pytest.raises(KeyError):
        computed_item(framework, "no-such-item", given)
