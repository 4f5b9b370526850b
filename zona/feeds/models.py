"""Which measured value an evaluation's Hasil item took, from which source, and who chose it.

Append-only: every choice, refresh and override is a row, so the row with the highest id per
(evaluation, question, layer) is the current one and the others are its history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.evaluations.models import Evaluation, Layer


class FeedChoice(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="feed_choices"
    )
    question = models.CharField(max_length=10)
    layer = models.CharField(max_length=4, choices=Layer.choices)
    feed = models.CharField(max_length=10)
    source_key = models.CharField(max_length=100)  # FeedOption.key
    source_label = models.CharField(_("source"), max_length=300)
    source_url = models.CharField(max_length=500, blank=True)
    # What the source gave when chosen; `value` differs from it only when overridden.
    source_value = models.DecimalField(max_digits=12, decimal_places=4, null=True)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=4)
    overridden = models.BooleanField(_("overridden by the evaluator"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["evaluation", "question", "layer", "-pk"]
        indexes = [
            models.Index(fields=["evaluation", "question", "layer"], name="feed_choice_item")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overridden=False) | ~models.Q(reason=""),
                name="feed_override_has_reason",
            )
        ]
        verbose_name = _("Hasil value choice")
        verbose_name_plural = _("Hasil value choices")

    def __str__(self) -> str:
        return f"{self.evaluation_id}/{self.layer}/{self.question} ← {self.source_key}"
