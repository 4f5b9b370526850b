"""The LKE workbook import as background work (zona.jobs), in its two steps:

1. **check** (`workbook_check`): the uploaded workbook is stored with the job, then read and
   checked in the job; the outcome is the plan of changes (kept on the job) and a link to its
   preview, or the problems table when anything is wrong (nothing imported);
2. **apply** (`workbook_apply`): after the person confirmed the preview, the checked plan is
   written in one transaction. One checked workbook is applied once, however often it is
   confirmed (the apply job of a check is found again, and the action refuses a second write
   of the same check under a lock on the evaluation).

The person's writable layer is checked when each step is asked for and again when it runs.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zona.audit.models import AuditEvent
from zona.evaluations.access import get_evaluation_for, writable_layer
from zona.evaluations.actions import EvaluationError
from zona.jobs.kinds import JobRefused, Kind, Outcome
from zona.jobs.models import Job, JobStatus

from . import actions
from .reader import ImportPlan, WorkbookRefused, read_workbook

WORKBOOK_CHECK = "workbook_check"
WORKBOOK_APPLY = "workbook_apply"


def check_title(evaluation) -> str:
    return _("Check of an LKE workbook for %(unit)s %(year)s") % {
        "unit": evaluation.unit.name,
        "year": evaluation.year,
    }


def apply_title(evaluation) -> str:
    return _("Import of an LKE workbook into %(unit)s %(year)s") % {
        "unit": evaluation.unit.name,
        "year": evaluation.year,
    }


def _where(problem) -> str:
    parts = [problem.sheet or ""]
    if problem.row is not None:
        parts.append(_("row %(row)s") % {"row": problem.row})
    if problem.column:
        parts.append(_("column %(column)s") % {"column": problem.column})
    return ", ".join(p for p in parts if p)


def _writable(user, evaluation_pk: int, layer: str):
    evaluation = get_evaluation_for(user, evaluation_pk)
    if writable_layer(user, evaluation) != layer:
        raise PermissionDenied
    return evaluation


def _check_check(user, params: dict) -> None:
    _writable(user, params["evaluation"], params["layer"])


def _run_check(job, progress) -> Outcome:
    evaluation = _writable(job.owner, job.params["evaluation"], job.params["layer"])
    if not job.upload:
        raise JobRefused(_("The uploaded file is no longer stored; upload it again."))
    progress(0, 1, _("Reading and checking %(file)s") % {"file": job.upload_name})
    with job.upload.open("rb") as stored:
        content = stored.read()
    try:
        plan = read_workbook(content, evaluation, job.params["layer"])
    except WorkbookRefused as refused:
        problems = [
            {"sheet": p.sheet, "row": p.row, "column": p.column, "message": str(p.message),
             "where": _where(p)}
            for p in refused.problems
        ]  # fmt: skip
        raise JobRefused(
            _("The workbook was not imported: %(count)d problems were found.")
            % {"count": len(problems)},
            problems,
        ) from None
    return Outcome(
        summary=_("%(count)d answers change; nothing is saved before you confirm.")
        % {"count": len(plan.changes)},
        data={"plan": plan.to_json(), "filename": job.upload_name},
        link_url=reverse("workbook:preview", args=[evaluation.pk, job.pk]),
        link_label=_("Review the changes"),
    )


def checked(user, pk) -> Job:
    """The person's finished check whose plan is to be applied (404 otherwise)."""
    job = Job.objects.filter(
        pk=pk, owner_id=user.pk, kind=WORKBOOK_CHECK, status=JobStatus.DONE
    ).first()
    if job is None or "plan" not in job.data:
        raise Http404
    return job


def _check_apply(user, params: dict) -> None:
    check = checked(user, params["check"])
    _writable(user, check.params["evaluation"], check.params["layer"])


def _run_apply(job, progress) -> Outcome:
    check = checked(job.owner, job.params["check"])
    evaluation = _writable(job.owner, check.params["evaluation"], check.params["layer"])
    plan = ImportPlan.from_json(check.data["plan"])
    progress(0, 1, _("Saving %(count)d answers") % {"count": len(plan.changes)})
    earlier = AuditEvent.objects.filter(
        action="evaluation.workbook_imported", object_id=str(evaluation.pk),
        after__check=str(check.pk),
    ).first()  # fmt: skip
    if earlier is not None:  # a retry after this check's write was committed: done already
        return _outcome(evaluation, len(earlier.after["changed"]))
    try:
        count = actions.import_workbook(
            job.owner, evaluation, plan, check.data.get("filename", ""), check=str(check.pk)
        )
    except EvaluationError as exc:
        raise JobRefused(str(exc)) from None
    return _outcome(evaluation, count)


def _outcome(evaluation, count: int) -> Outcome:
    return Outcome(
        summary=_("Workbook imported: %(count)d answers changed.") % {"count": count},
        data={"count": count},
        link_url=evaluation.get_absolute_url(),
        link_label=_("Open the LKE"),
    )


CHECK_KIND = Kind(WORKBOOK_CHECK, _check_check, _run_check)
APPLY_KIND = Kind(WORKBOOK_APPLY, _check_apply, _run_apply)
