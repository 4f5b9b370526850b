"""Every change of the findings register and the capaian kinerja records: permission,
validation, write and audit trail, in one transaction each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.evidence.errors import EvidenceError
from zona.evidence.storage import store as store_evidence_file
from zona.orgs.models import UnitKerja

from .access import can_follow_up, can_keep_performance, can_monitor
from .models import (
    Document,
    Finding,
    PerformanceIndicator,
    PerformanceRecord,
    Recommendation,
    Source,
    Status,
    StatusChange,
)


class FindingError(ValueError):
    """A change refused for a reason the person can act on; the message says which."""


def _today() -> date:
    return timezone.localdate()


# --- findings and recommendations --------------------------------------------------------------
FINDING_FIELDS = ("source", "source_name", "report_number", "report_date", "title", "description")


def _check_finding(data: dict) -> dict:
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}
    if data.get("source") not in Source.values:
        raise FindingError(_("Choose the source of the finding."))
    if data["source"] == Source.OTHER and not data.get("source_name"):
        raise FindingError(_("Name the auditor when the source is another auditor."))
    if not data.get("report_number") or not data.get("title"):
        raise FindingError(_("Give the report number and the finding."))
    if not data.get("report_date") or data["report_date"] > _today():
        raise FindingError(_("The report date must be given and cannot be in the future."))
    return data


def create_finding(actor, unit: UnitKerja, **data) -> Finding:
    if not can_monitor(actor, unit):
        raise PermissionDenied
    data = _check_finding({k: data.get(k, "") for k in FINDING_FIELDS})
    with transaction.atomic():
        finding = Finding.objects.create(unit=unit, created_by=actor, **data)
        record(actor, "finding.created", finding, after=_finding_state(finding))
    return finding


def update_finding(actor, finding: Finding, **data) -> Finding:
    if not can_monitor(actor, finding.unit):
        raise PermissionDenied
    data = _check_finding({k: data.get(k, "") for k in FINDING_FIELDS})
    with transaction.atomic():
        before = _finding_state(finding)
        for key, value in data.items():
            setattr(finding, key, value)
        finding.save()
        after = _finding_state(finding)
        if after != before:
            record(actor, "finding.changed", finding, before=before, after=after)
    return finding


def _finding_state(finding: Finding) -> dict:
    return {
        "unit": finding.unit_id, "source": finding.source, "source_name": finding.source_name,
        "report_number": finding.report_number, "report_date": str(finding.report_date),
        "title": finding.title, "description": finding.description,
    }  # fmt: skip


def add_recommendation(
    actor, finding: Finding, text: str, deadline: date | None = None
) -> Recommendation:
    """A new recommendation, not yet followed up as at the report date."""
    if not can_monitor(actor, finding.unit):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise FindingError(_("Write the recommendation."))
    with transaction.atomic():
        rec = Recommendation.objects.create(
            finding=finding, text=text, deadline=deadline, status_on=finding.report_date
        )
        record(
            actor, "finding.recommendation_added", finding,
            after={"recommendation": rec.pk, "text": text,
                   "deadline": str(deadline) if deadline else None},
        )  # fmt: skip
    return rec


def set_deadline(actor, rec: Recommendation, deadline: date | None) -> Recommendation:
    if not can_monitor(actor, rec.finding.unit):
        raise PermissionDenied
    if deadline is not None and deadline < rec.finding.report_date:
        raise FindingError(_("The deadline cannot be before the report date."))
    with transaction.atomic():
        before = str(rec.deadline) if rec.deadline else None
        rec.deadline = deadline
        rec.save(update_fields=["deadline"])
        record(
            actor, "finding.deadline_set", rec.finding,
            before={"recommendation": rec.pk, "deadline": before},
            after={"recommendation": rec.pk, "deadline": str(deadline) if deadline else None},
        )  # fmt: skip
    return rec


def change_status(
    actor, rec: Recommendation, status: str, effective_on: date | None = None, note: str = ""
) -> StatusChange:
    """The auditor's judgement of the follow-up, as at `effective_on` (default today).

    “Tidak dapat ditindaklanjuti” leaves the recommendation out of the TLHP percentage, so it
    needs the reason. A status cannot predate the report or lie in the future."""
    if not can_monitor(actor, rec.finding.unit):
        raise PermissionDenied
    if status not in Status.values:
        raise FindingError(_("Choose a follow-up status."))
    effective_on = effective_on or _today()
    note = (note or "").strip()
    if effective_on > _today():
        raise FindingError(_("The status date cannot be in the future."))
    if effective_on < rec.finding.report_date:
        raise FindingError(_("The status date cannot be before the report date."))
    if status == Status.TIDAK_DAPAT and not note:
        raise FindingError(
            _("Give the reason why the recommendation cannot be followed up (it is left out "
              "of the TLHP percentage).")
        )  # fmt: skip
    with transaction.atomic():
        rec = Recommendation.objects.select_for_update().get(pk=rec.pk)
        before = rec.status
        change = StatusChange.objects.create(
            recommendation=rec, from_status=before, to_status=status,
            effective_on=effective_on, note=note, by=actor,
        )  # fmt: skip
        latest = rec.changes.exclude(to_status="").order_by("-effective_on", "-at", "-pk").first()
        # A status dated before the latest one corrects the history, not the present.
        rec.status, rec.status_on = latest.to_status, latest.effective_on
        rec.save(update_fields=["status", "status_on"])
        record(
            actor, "finding.status_changed", rec.finding,
            before={"recommendation": rec.pk, "status": before},
            after={"recommendation": rec.pk, "status": status, "as_of": str(effective_on)},
            note=note,
        )  # fmt: skip
    return change


def _document(actor, *, upload, url: str, description: str, **owner) -> Document:
    if bool(upload) == bool(url):
        raise FindingError(_("Give either a file or a link."))
    description = (description or "").strip()
    if not description:
        raise FindingError(_("Describe the document, e.g. its number and title."))
    try:
        stored = store_evidence_file(upload) if upload else None
    except EvidenceError as exc:  # type, size or content refused: say why
        raise FindingError(str(exc)) from None
    return Document.objects.create(
        file=stored, filename=upload.name if upload else "", url=url or "",
        description=description, added_by=actor, **owner,
    )  # fmt: skip


def report_follow_up(
    actor, rec: Recommendation, note: str, *, upload=None, url: str = "", description: str = ""
) -> StatusChange:
    """The unit (or a monitor) reports what was done, with evidence; the status stays until the
    auditor judges it."""
    if not can_follow_up(actor, rec.finding.unit):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise FindingError(_("Say what was done to follow up the recommendation."))
    with transaction.atomic():
        document = None
        if upload or url:
            document = _document(
                actor, upload=upload, url=url, description=description, recommendation=rec
            )
        change = StatusChange.objects.create(
            recommendation=rec, from_status=rec.status, to_status="",
            effective_on=_today(), note=note, by=actor,
        )  # fmt: skip
        record(
            actor, "finding.follow_up_reported", rec.finding,
            after={"recommendation": rec.pk, "document": document.pk if document else None},
            note=note,
        )  # fmt: skip
    return change


# --- capaian kinerja -----------------------------------------------------------------------------
@dataclass(frozen=True)
class IndicatorInput:
    name: str
    target: Decimal
    realisation: Decimal
    previous_realisation: Decimal | None = None
    benchmark: Decimal | None = None
    measure: str = ""
    polarity: str = "higher"


def save_performance(
    actor, unit: UnitKerja, year: int, *, outcome_oriented: bool, note: str,
    indicators: list[IndicatorInput],
) -> PerformanceRecord:  # fmt: skip
    """The unit's record for the year, its indicators replaced by the ones given (in order)."""
    if not can_keep_performance(actor, unit):
        raise PermissionDenied
    for item in indicators:
        if not item.name.strip():
            raise FindingError(_("Every indicator needs a name."))
        if item.target <= 0:
            raise FindingError(
                _("The target of “%(name)s” must be more than 0.") % {"name": item.name}
            )
        values = (item.realisation, item.previous_realisation, item.benchmark)
        if any(v is not None and v < 0 for v in values):
            raise FindingError(
                _("The figures of “%(name)s” cannot be negative.") % {"name": item.name}
            )
    with transaction.atomic():
        rec, created = PerformanceRecord.objects.select_for_update().get_or_create(
            unit=unit, year=year
        )
        before = None if created else _performance_state(rec)
        rec.outcome_oriented, rec.note = outcome_oriented, (note or "").strip()
        rec.updated_at, rec.updated_by = timezone.now(), actor
        rec.save()
        rec.indicators.all().delete()
        PerformanceIndicator.objects.bulk_create(
            PerformanceIndicator(
                record=rec, position=i, name=item.name.strip(), measure=item.measure.strip(),
                polarity=item.polarity, target=item.target, realisation=item.realisation,
                previous_realisation=item.previous_realisation, benchmark=item.benchmark,
            )
            for i, item in enumerate(indicators)
        )  # fmt: skip
        record(actor, "performance.saved", rec, before=before, after=_performance_state(rec))
    return rec


def _performance_state(rec: PerformanceRecord) -> dict:
    def num(v):
        return None if v is None else format(Decimal(v).normalize(), "f")

    return {
        "outcome_oriented": rec.outcome_oriented, "note": rec.note,
        "indicators": [
            [i.name, i.measure, i.polarity, num(i.target), num(i.realisation),
             num(i.previous_realisation), num(i.benchmark)]
            for i in rec.indicators.order_by("position", "pk")
        ],
    }  # fmt: skip


def add_performance_document(
    actor, rec: PerformanceRecord, *, upload=None, url: str = "", description: str = ""
) -> Document:
    if not can_keep_performance(actor, rec.unit):
        raise PermissionDenied
    with transaction.atomic():
        document = _document(actor, upload=upload, url=url, description=description, record=rec)
        record(actor, "performance.document_added", rec,
               after={"document": document.pk, "description": document.description})  # fmt: skip
    return document
