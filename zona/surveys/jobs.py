"""The survey results import as background work (zona.jobs): the file is stored with the job
when it is uploaded, then read, checked and applied in the job, on the queue.

Every row is checked first and any error refuses the whole file (the job fails with the rows
listed); a file already imported into the survey, by anyone, is refused rather than applied
twice. The person's right to manage the survey is checked when it is asked for and again when
it runs. Retried on a transient failure: the write is one transaction, so a retry starts clean.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zona.audit.models import AuditEvent
from zona.jobs.kinds import JobRefused, Kind, Outcome

from . import access, actions
from .importing import ImportRefused, RowError, read_rows

SURVEY_IMPORT = "survey_import"


def import_title(survey) -> str:
    return _("Import of paper forms: %(kind)s %(period)s · %(unit)s") % {
        "kind": survey.kind_label,
        "period": survey.period_label,
        "unit": survey.unit.name,
    }


def where(error: RowError) -> str:
    """Row and column of a problem as the person finds it in the spreadsheet."""
    if error.row and error.column:
        return _("row %(row)s, column %(column)s") % {"row": error.row, "column": error.column}
    if error.row:
        return _("row %(row)s") % {"row": error.row}
    return error.column or ""


def problems_of(errors: list[RowError]) -> list[dict]:
    return [
        {"row": e.row, "column": e.column, "message": str(e.message), "where": where(e)}
        for e in errors
    ]


def errors_of(problems: list[dict]) -> list[RowError]:
    return [RowError(p["row"], p["column"], p["message"]) for p in problems]


def _check(user, params: dict) -> None:
    access.get_survey_for(user, params["survey"], write=True)


def _run(job, progress) -> Outcome:
    survey = access.get_survey_for(job.owner, job.params["survey"], write=True)
    if not job.upload:
        raise JobRefused(_("The uploaded file is no longer stored; upload it again."))
    progress(0, 2, _("Checking the rows of %(file)s") % {"file": job.upload_name})
    with job.upload.open("rb") as stored:
        content = stored.read()
    try:
        sheets = read_rows(survey, content, job.upload_name)
    except ImportRefused as refused:
        raise JobRefused(
            _("%(count)d errors found; nothing was imported.") % {"count": len(refused.errors)},
            problems_of(refused.errors),
        ) from None
    progress(1, 2, _("Saving %(count)d responses") % {"count": len(sheets)})
    done = AuditEvent.objects.filter(action="surveys.responses.import", after__job=str(job.pk))
    if (earlier := done.first()) is not None:  # a retry after this job's write was committed
        return _outcome(survey, earlier.after["count"])
    try:
        count = actions.import_responses(
            job.owner, survey, sheets, job.upload_name, sha256=job.params["sha256"],
            job=str(job.pk),
        )  # fmt: skip
    except actions.AlreadyImported as done:
        raise JobRefused(
            _("This file was already imported into this survey on %(at)s by %(name)s; "
              "nothing was imported again.")
            % {"at": date_format(timezone.localtime(done.at), "DATETIME_FORMAT"),
               "name": done.actor_label}
        ) from None  # fmt: skip
    return _outcome(survey, count)


def _outcome(survey, count: int) -> Outcome:
    return Outcome(
        summary=_("%(count)d responses imported.") % {"count": count},
        data={"count": count},
        link_url=survey.get_absolute_url(),
        link_label=_("Open the survey"),
    )


def upload_link(survey) -> tuple[str, str]:
    return reverse("surveys:import", args=[survey.pk]), _("Back to the import")


KIND = Kind(SURVEY_IMPORT, _check, _run)
