"""Reading one answer cell as units fill it, with messages in the person's words.

Units type "YA", "ya", "Y", "Tidak ", "a.", "1,00", "85%"; a cell may hold a formula whose
result Excel saved (used) or did not save (named, never read as blank). A wrong answer is
described as people see the workbook: "pilih A/B/C", "Ya/Tidak", numbers with the locale's
decimal comma ("5,2"), never Zona's internal type codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from zona.core import numbers
from zona.evaluations.models import normalised_to_stored
from zona.lke.answers import normalise_answer, to_decimal
from zona.lke.errors import AnswerError
from zona.lke.model import Question

ANSWER_MAX = 50  # characters of an answer cell; any real answer is far shorter
YES = {"ya", "y", "yes", "iya"}
NO = {"tidak", "t", "tdk", "no", "n"}
_LETTER = re.compile(r"^([a-e])\s*[.)]?(?:\s.*)?$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an uploaded workbook, at its sheet, row and column where known."""

    sheet: str
    row: int | None
    column: str | None
    message: str


class CellError(ValueError):
    """The cell's content is not an answer of its question; `str()` is the message."""


def allowed_text(question: Question) -> str:
    """The answers of a choice question as the workbook writes them: "Ya/Tidak", "A/B/C"."""
    if question.type == "ya_tidak":
        return "Ya/Tidak"
    return "/".join(o.upper() for o in question.options)


def shown(raw) -> str:
    """A typed value as the person would write it: numbers with the locale's decimal sign."""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float | Decimal):
        return numbers.figure(raw)
    return str(raw).strip()


def _choice(question: Question, raw) -> str:
    text = str(raw).strip().casefold() if not isinstance(raw, bool) else ""
    if question.type == "ya_tidak":
        if text in YES:
            return "ya"
        if text in NO:
            return "tidak"
    else:
        match = _LETTER.match(text)
        if match and match.group(1).lower() in question.options:
            return match.group(1).lower()
    raise CellError(
        _("“%(value)s” is not an answer to this question; choose %(allowed)s.")
        % {"value": shown(raw), "allowed": allowed_text(question)}
    )


def _number_message(question: Question, raw, code: str) -> str:
    value = shown(raw)
    if code == "negative_count":
        return _("A count cannot be negative (%(value)s).") % {"value": value}
    if code == "fractional_count":
        return _("A count is a whole number, not %(value)s.") % {"value": value}
    if code == "index_out_of_range":
        return _("The index must be between 0 and 4, not %(value)s.") % {"value": value}
    if code == "percent_out_of_range":
        return _("A percentage cannot be negative (%(value)s).") % {"value": value}
    if code in ("number_too_large", "too_many_decimals"):
        return _("“%(value)s” is too large or has too many decimals.") % {"value": value}
    example = "12" if question.type == "count" else numbers.figure("3.62")
    return _("“%(value)s” is not a number; type a number such as %(example)s.") % {
        "value": value,
        "example": example,
    }


def parse_answer(question: Question, raw, *, fraction_percent: bool = False) -> str:
    """The stored value ("" = unanswered) of a cell's content; raises `CellError`.

    `fraction_percent`: the cell holds a percentage as a fraction (0.85 shown as 85%), as Excel
    stores a cell formatted as % and as the official workbook's "%" rows hold it."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    if isinstance(raw, str) and len(raw.strip()) > ANSWER_MAX:
        raise CellError(_("The answer is too long (%(n)d characters).") % {"n": len(raw.strip())})
    if question.options:
        return _choice(question, raw)
    value = raw
    try:
        if isinstance(raw, str):
            text = raw.strip()
            if question.type == "percent" and text.endswith("%"):
                value = to_decimal(text[:-1], question.no)
            else:
                value = to_decimal(text, question.no)
                if question.type == "percent" and fraction_percent:
                    value = value * 100
        elif question.type == "percent" and fraction_percent:
            value = (to_decimal(raw, question.no) * 100).normalize()
        normal = normalise_answer(question, value)
    except AnswerError as exc:
        raise CellError(_number_message(question, raw, exc.code)) from None
    return normalised_to_stored(normal)


def formula_without_value(ref: str) -> CellError:
    return CellError(
        _("Cell %(cell)s holds a formula without a saved result. Type the answer itself, or open "
          "the file in Excel and save it again.") % {"cell": ref}
    )  # fmt: skip


def is_formula(cell) -> bool:
    """A cell of a workbook read without `data_only` holds a formula (not text that starts
    with "=": a note may)."""
    return getattr(cell, "data_type", None) == "f"


def cell_content(value, formula_cell, ref: str):
    """What a cell holds for the import: its value, or a formula's saved result.

    `value` is read with `data_only=True` (a formula's cached result), `formula_cell` is the same
    cell read without it. Raises `CellError` for a formula that has no saved result."""
    if is_formula(formula_cell) and value is None:
        raise formula_without_value(ref)
    return value
