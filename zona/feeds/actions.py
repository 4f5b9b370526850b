"""Taking a Hasil item's value from a measured source: choose, refresh, override.

Every choice writes the answer of the caller's layer through `zona.evaluations.actions.
save_answer` (so the stage rules, the answer history, optimistic locking and the score all
apply as for a typed answer), then keeps the choice (`FeedChoice`) and an audit event with the
source, the value and, for an override, the reason.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.evaluations import feeds
from zona.evaluations.access import writable_layer
from zona.evaluations.actions import EvaluationError, save_answer
from zona.evaluations.models import Answer, Evaluation, Layer
from zona.lke.errors import AnswerError

from .models import FeedChoice


class FeedError(EvaluationError):
    """A choice refused for a reason the person can act on."""


def choose(
    actor, evaluation: Evaluation, question: str, source_key: str, *, expected_version: int,
    override: Decimal | None = None, reason: str = "",
) -> FeedChoice:  # fmt: skip
    """Take the value of `source_key` for `question` in the caller's layer; with `override`, an
    evaluator (TPI/TPN layer) puts another value instead and must say why."""
    layer = writable_layer(actor, evaluation)
    if layer is None:
        raise PermissionDenied
    q = evaluation.framework.framework().questions.get(str(question))
    if q is None or not q.feed:
        raise FeedError(_("This item does not take a measured value."))
    option = next((o for o in feeds.options(evaluation, q.feed) if o.key == source_key), None)
    if option is None:
        raise FeedError(_("This source is not offered for this item any more; choose again."))
    reason = (reason or "").strip()
    source_value = None if option.value is None else _decimal(option.value)
    if override is not None:
        if layer == Layer.UNIT:
            raise PermissionDenied  # the unit takes the measured value; evaluators may correct it
        if not reason:
            raise FeedError(_("Give the reason for putting another value than the source's."))
        value = override
    elif source_value is None:
        raise FeedError(
            _("This source has no value yet: %(detail)s") % {"detail": option.detail or "—"}
        )
    else:
        value = source_value
    overridden = override is not None
    with transaction.atomic():
        current = Answer.objects.filter(evaluation=evaluation, question=q.no, layer=layer).first()
        before = current.value if current else ""
        try:
            answer = save_answer(
                actor, evaluation, q.no, layer, value, current.note if current else "",
                expected_version,
            )  # fmt: skip
        except AnswerError as exc:
            raise FeedError(exc.message(_lang())) from None
        choice = FeedChoice.objects.create(
            evaluation=evaluation, question=q.no, layer=layer, feed=q.feed,
            source_key=option.key, source_label=option.label[:300], source_url=option.url[:500],
            source_value=source_value, value=Decimal(answer.value), overridden=overridden,
            reason=reason, by=actor,
        )  # fmt: skip
        record(
            actor, "evaluation.feed_chosen", evaluation,
            before={"question": q.no, "layer": layer, "value": before},
            after={
                "question": q.no, "layer": layer, "feed": q.feed, "source": option.key,
                "source_label": option.label, "source_value": _text(source_value),
                "value": answer.value, "overridden": overridden,
            },
            note=reason,
        )  # fmt: skip
    return choice


def _decimal(value: float) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:  # a provider's bug, not the person's
        raise FeedError(_("The source gave a value that is not a number.")) from None


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _lang() -> str:
    return "en" if (get_language() or "id").startswith("en") else "id"
