"""What the Hasil page shows per feed item and layer, from a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zona.core import numbers
from zona.evaluations import feeds
from zona.evaluations.access import visible_layers, writable_layer
from zona.evaluations.models import Answer, Evaluation, Layer
from zona.lke.model import Question

from .models import FeedChoice

FEED_LABELS = {
    feeds.IPAK: _("Anti-corruption perception index (IPAK), from a survey"),
    feeds.IPKP: _("Service-quality perception index (IPKP), from a survey"),
    feeds.TLHP: _("Audit recommendations followed up (TLHP), from the findings register"),
}


@dataclass
class LayerView:
    code: str
    label: str
    answer: str  # the stored answer ("" = unanswered)
    version: int
    choice: FeedChoice | None
    writable: bool
    option_now: feeds.FeedOption | None = None  # the chosen source as it is offered now
    source_changed: bool = False  # the source's value moved since it was chosen
    edited_by_hand: bool = False  # the answer no longer is the chosen value

    @property
    def answer_display(self) -> str:
        """The stored number in the active locale, without padding zeros (“3,62”, “100”)."""
        return numbers.figure(self.answer or None)


@dataclass
class ItemView:
    question: Question
    options: list[feeds.FeedOption]
    layers: list[LayerView] = field(default_factory=list)
    error: str = ""
    feed_label: str = ""
    typed: dict = field(default_factory=dict)  # what was posted, shown again after an error


def _same(a: Decimal | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - Decimal(str(b))) < Decimal("0.00005")


def feed_items(user, evaluation: Evaluation) -> list[ItemView]:
    framework = evaluation.framework.framework()
    questions = [q for q in framework.questions.values() if q.feed]
    if not questions:
        return []
    layers = visible_layers(user, evaluation)
    writable = writable_layer(user, evaluation)
    numbers = [q.no for q in questions]
    answers = {
        (a.question, a.layer): a
        for a in Answer.objects.filter(evaluation=evaluation, question__in=numbers)
    }
    latest: dict[tuple[str, str], FeedChoice] = {}
    for choice in FeedChoice.objects.filter(evaluation=evaluation).select_related("by"):
        latest.setdefault((choice.question, choice.layer), choice)  # newest first
    offered: dict[str, list[feeds.FeedOption]] = {}
    items = []
    for q in questions:
        if q.feed not in offered:
            offered[q.feed] = feeds.options(evaluation, q.feed)
        options = offered[q.feed]
        item = ItemView(question=q, options=options, feed_label=FEED_LABELS.get(q.feed, q.feed))
        for layer in Layer:
            if layer not in layers:
                continue
            answer = answers.get((q.no, layer))
            choice = latest.get((q.no, layer))
            view = LayerView(
                code=layer, label=layer.label, answer=answer.value if answer else "",
                version=answer.version if answer else 0, choice=choice,
                writable=layer == writable,
            )  # fmt: skip
            if choice is not None:
                view.option_now = next((o for o in options if o.key == choice.source_key), None)
                if view.option_now is not None:
                    view.source_changed = not _same(choice.source_value, view.option_now.value)
                view.edited_by_hand = not answer or Decimal(answer.value or "-1") != choice.value
            item.layers.append(view)
        items.append(item)
    return items
