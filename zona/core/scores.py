"""Words for a score the official workbook would not show as a number: "–" with the reason
(`Result.not_computable`), and "(sementara)" with the count of unanswered questions."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zona.lke.model import MISSING_INPUT, ZERO_DENOMINATOR

NOT_COMPUTABLE_SIGN = "–"


def reason_text(reason: str | None) -> str:
    """Why a value cannot be computed yet, for a title or a line under the figure."""
    if reason == MISSING_INPUT:
        return _("Not computable yet: an answer or count it needs is not filled in.")
    if reason == ZERO_DENOMINATOR:
        return _("Not computable yet: a count it divides by is 0.")
    return ""


def provisional_text(unanswered: int) -> str:
    """ "(provisional, 12 unanswered)", or "" when every question is answered."""
    if not unanswered:
        return ""
    return ngettext(
        "provisional: %(n)s question unanswered",
        "provisional: %(n)s questions unanswered",
        unanswered,
    ) % {"n": unanswered}
