"""Every answer type's value map, and invalid answers refused with a message naming the question."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zona.lke.errors import AnswerError
from zona.lke.scoring import score

D = Decimal


@pytest.mark.parametrize(
    "no, answer, value",
    [
        ("1", "ya", D(1)), ("1", "Tidak", D(0)), ("1", " YA ", D(1)),
        ("2", "a", D(1)), ("2", "B", D("0.5")), ("2", "c", D(0)),
        ("4", "a", D(1)), ("4", "b", D("0.67")), ("4", "c", D("0.33")), ("4", "D", D(0)),
        ("5", "a", D(1)), ("5", "b", D("0.75")), ("5", "c", D("0.5")),
        ("5", "d", D("0.25")), ("5", "e", D(0)),
        ("6", 0, D(0)), ("6", 45, D("0.45")), ("6", 100, D(1)), ("6", 130, D(1)),  # capped
        ("6", "72,5", D("0.725")),  # Indonesian decimal comma
        ("11", 0, D(0)), ("11", 3.6, D("0.9")), ("11", 4, D(1)), ("11", "3.62", D("0.905")),
    ],
)  # fmt: skip
def test_value_of_each_answer_type(mini, no, answer, value):
    assert score(mini, {no: answer}).question_values[no] == pytest.approx(float(value), abs=1e-12)


def test_count_is_not_scored_itself(mini):
    result = score(mini, {"7": 5})
    assert result.question_values["7"] is None
    assert "7" not in result.unanswered


@pytest.mark.parametrize(
    "no, answer, code",
    [
        ("1", "y", "bad_option"),
        ("1", True, "bad_option"),
        ("2", "d", "bad_option"),  # a letter not allowed for A/B/C
        ("4", "e", "bad_option"),
        ("5", "f", "bad_option"),
        ("5", 1, "bad_option"),
        ("7", -1, "negative_count"),
        ("7", 2.5, "fractional_count"),
        ("7", "lima", "not_a_number"),
        ("6", -5, "percent_out_of_range"),
        ("11", 4.01, "index_out_of_range"),
        ("11", -0.1, "index_out_of_range"),
        ("11", float("nan"), "not_a_number"),
        ("7", "1e300", "number_too_large"),  # once a 500: too large for Decimal's precision
        ("7", 10**13, "number_too_large"),
        ("6", "1000000000000.5", "number_too_large"),
        ("6", "1e-300", "too_many_decimals"),  # once a 300-digit stored value
        ("11", "3.1234567", "too_many_decimals"),
        ("99", "a", "unknown_question"),
    ],
)
def test_invalid_answers_refused(mini, no, answer, code):
    with pytest.raises(AnswerError) as info:
        score(mini, {no: answer})
    assert info.value.code == code
    assert info.value.key == no
    assert f"{no}" in info.value.message("en") and f"{no}" in info.value.message("id")


def test_message_in_both_languages(mini):
    with pytest.raises(AnswerError) as info:
        score(mini, {"2": "d"})
    assert (
        info.value.message("en") == "Question 2: 'd' is not an answer of type abc; allowed: a/b/c"
    )
    assert info.value.message("id") == (
        "Pertanyaan 2: 'd' bukan jawaban jenis abc; yang boleh: a/b/c"
    )


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_is_unanswered(mini, blank):
    result = score(mini, {"1": blank})
    assert result.question_values["1"] == 0 and "1" in result.unanswered


def test_unknown_previous_predicate(mini):
    with pytest.raises(AnswerError) as info:
        score(mini, {}, previous_predicate="WBX")
    assert info.value.code == "unknown_predicate"
