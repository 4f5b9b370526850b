"""Words for a score the official workbook would not show as a number: "–" with the reason
(`Result.not_computable`), "(sementara)" with the count of unanswered questions, and the
framework's weights marked provisional (`confidence:` in its file)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zona.lke.model import MISSING_INPUT, ZERO_DENOMINATOR, Framework

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


def provisional_weights(framework: Framework) -> list[dict[str, str]]:
    """The framework's provisional weight marks as a page lists them (templates
    includes/_provisional_weights.html): [{"code", "name", "note"}]; [] for a confirmed file."""
    return [
        {"code": w.node, "name": w.name if w.node else _("the whole framework"), "note": w.note}
        for w in framework.provisional_marks
    ]


def provisional_weight_codes(framework: Framework) -> frozenset[str]:
    """The nodes whose weight is provisional (marked, or under a mark)."""
    return frozenset(w.node for w in framework.provisional_weights)
