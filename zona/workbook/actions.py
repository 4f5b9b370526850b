"""Importing a checked workbook: every planned answer through `save_answer`, in one transaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.audit.models import AuditEvent
from zona.core.people import display_name
from zona.evaluations.access import writable_layer
from zona.evaluations.actions import EvaluationError, StaleAnswer, save_answer
from zona.evaluations.models import Evaluation

from .reader import ImportPlan


def import_workbook(
    actor, evaluation: Evaluation, plan: ImportPlan, filename: str = "", check: str = ""
) -> int:
    """Write the plan's answers in the actor's layer; all or nothing. Returns how many changed.

    `check` names the checked upload the plan comes from (the check job): one that was
    imported before is refused, under a lock on the evaluation, so it is applied once.

    Each answer is saved with the version the plan is based on, so an answer someone changed
    since the preview makes the whole import fail (`EvaluationError` naming the question)."""
    if writable_layer(actor, evaluation) != plan.layer:
        raise PermissionDenied
    with transaction.atomic():
        if check:
            Evaluation.objects.select_for_update().filter(pk=evaluation.pk).first()
            earlier = AuditEvent.objects.filter(
                action="evaluation.workbook_imported",
                object_id=str(evaluation.pk),
                after__check=check,
            ).first()
            if earlier is not None:
                raise EvaluationError(
                    _("This checked workbook was already imported on %(at)s; nothing was "
                      "imported again.")
                    % {"at": date_format(timezone.localtime(earlier.at), "DATETIME_FORMAT")}
                )  # fmt: skip
        for change in plan.changes:
            try:
                save_answer(
                    actor, evaluation, change.question, plan.layer, change.after,
                    change.after_note, change.version,
                )  # fmt: skip
            except StaleAnswer as exc:
                raise EvaluationError(
                    _("%(name)s changed the answer to question %(no)s after the workbook was "
                      "checked. Nothing was imported; upload the workbook again to see the "
                      "changes.") % {"name": display_name(exc.current.updated_by, _("Someone")),
                                     "no": change.question}
                ) from None  # fmt: skip
        record(
            actor,
            "evaluation.workbook_imported",
            evaluation,
            after={
                "layer": plan.layer,
                "file": filename,
                "changed": [c.question for c in plan.changes],
                "unchanged": plan.unchanged,
                "untouched": plan.untouched,
                **({"check": check} if check else {}),
            },
        )
    return len(plan.changes)
