"""Turning raw answers (from a form, a JSON file, a workbook) into checked, normalised values.

An invalid answer is refused with an `AnswerError` naming the question and the problem; it is
never silently scored. Normalised values are a lower-case option (`"ya"`, `"b"`) for choice
types and a `Decimal` for numeric types; `None` means unanswered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .display import Grouped
from .errors import AnswerError
from .model import CHOICE_OPTIONS, Framework, Question

Normalised = str | Decimal | None

_FOUR = Decimal(4)
_ZERO = Decimal(0)
# Bounds on any number typed into the LKE: far beyond real counts and percentages, and small
# enough that every accepted answer is exact in Decimal arithmetic and fits where answers are
# stored (1e300 or 1e-300 would otherwise fail deep inside, as an error the user cannot read).
MAX_NUMBER = 10**12
MAX_DECIMALS = 6
_MAX = Decimal(MAX_NUMBER)
_STEP = Decimal(1).scaleb(-MAX_DECIMALS)


def to_decimal(raw: Any, key: str) -> Decimal:
    """A number from an int, float, Decimal or text ("3.62", or "3,62" as Indonesians write it)."""
    if isinstance(raw, bool):
        raise AnswerError("not_a_number", key, value=raw)
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw))  # 3.62 stays 3.62, not its binary expansion
    elif isinstance(raw, str):
        text = raw.strip().replace(" ", "")
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise AnswerError("not_a_number", key, value=raw) from None
    else:
        raise AnswerError("not_a_number", key, value=raw)
    if not value.is_finite():
        raise AnswerError("not_a_number", key, value=raw)
    if abs(value) > _MAX:
        raise AnswerError("number_too_large", key, value=raw, max=Grouped(MAX_NUMBER))
    if value != value.quantize(_STEP):
        raise AnswerError("too_many_decimals", key, value=raw, decimals=MAX_DECIMALS)
    return value


def normalise_answer(question: Question, raw: Any) -> Normalised:
    """Check one answer against its question's type and return its normalised form."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    key = question.no
    kind = question.type
    options = CHOICE_OPTIONS.get(kind)
    if options is not None:
        if not isinstance(raw, str) or raw.strip().lower() not in options:
            raise AnswerError("bad_option", key, value=raw, type=kind, allowed="/".join(options))
        return raw.strip().lower()
    value = to_decimal(raw, key)
    if kind == "count":
        if value < _ZERO:
            raise AnswerError("negative_count", key, value=raw)
        if value != value.to_integral_value():
            raise AnswerError("fractional_count", key, value=raw)
        return value.quantize(Decimal(1))
    if kind == "percent":
        if value < _ZERO:
            raise AnswerError("percent_out_of_range", key, value=raw)
        return value
    # index_0_4
    if not _ZERO <= value <= _FOUR:
        raise AnswerError("index_out_of_range", key, value=raw)
    return value


_TABLES: dict[int, tuple[Framework, dict[str, dict[Any, Normalised]]]] = {}


def _accept_tables(framework: Framework) -> dict[str, dict[Any, Normalised]]:
    """Per question, the raw spellings of valid choice answers → normalised ("A", "a" → "a").

    Forms and files send the same few spellings millions of times; one dict lookup replaces
    strip/lower/check. Anything else takes the full path in `normalise_answer`.
    """
    cached = _TABLES.get(id(framework))
    if cached is not None and cached[0] is framework:
        return cached[1]
    tables: dict[str, dict[Any, Normalised]] = {}  # empty (falsy) for numeric questions
    for no, question in framework.questions.items():
        options = CHOICE_OPTIONS.get(question.type)
        if options is None:
            tables[no] = {}
            continue
        table: dict[Any, Normalised] = {}
        for option in options:
            for spelling in (option, option.upper(), option.capitalize()):
                table[spelling] = option
        tables[no] = table
    _TABLES[id(framework)] = (framework, tables)
    return tables


def normalise_answers(framework: Framework, answers: Mapping[Any, Any]) -> dict[str, Normalised]:
    """Normalise a whole mapping {question number: raw answer}; raises on the first problem."""
    tables = _accept_tables(framework)
    out: dict[str, Normalised] = {}
    for raw_key, raw in answers.items():
        key = raw_key if type(raw_key) is str else str(raw_key)
        table = tables.get(key)
        if table:
            try:
                out[key] = table[raw]  # the common case: "a", "A", "ya", …
                continue
            except (KeyError, TypeError):  # TypeError: an unhashable answer, e.g. a list
                pass
        elif table is None:  # not a question number as written: " 5 ", "113A", or unknown
            key = key.strip().lower()
            if key not in tables:
                raise AnswerError("unknown_question", key, framework=framework.key)
        question = framework.questions[key]
        if type(raw) is int and 0 <= raw <= MAX_NUMBER and question.type in ("count", "percent"):
            out[key] = Decimal(raw)  # nothing more to check
        else:
            out[key] = normalise_answer(question, raw)
    return out


def answer_errors(framework: Framework, answers: Mapping[Any, Any]) -> Iterator[AnswerError]:
    """Every problem in a mapping of answers, for forms and imports that report them all."""
    for raw_key, raw in answers.items():
        key = str(raw_key).strip().lower()
        question = framework.questions.get(key)
        if question is None:
            yield AnswerError("unknown_question", key, framework=framework.key)
            continue
        try:
            normalise_answer(question, raw)
        except AnswerError as exc:
            yield exc
