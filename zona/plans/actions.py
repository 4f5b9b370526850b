"""Every change of plans, activities, monev reports and stage marks: permission, validation,
write and audit trail, in one transaction each. Views call these and nothing else."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.accounts.models import UNIT_ROLES, RoleAssignment
from zona.audit.log import record
from zona.evidence import actions as documents
from zona.evidence import library
from zona.evidence.errors import EvidenceError
from zona.evidence.models import Evidence
from zona.frameworks.models import FrameworkVersion
from zona.orgs.models import UnitKerja

from . import clock
from .access import is_unit_lead, may_edit_unit_plans
from .lke import areas_of
from .models import (
    ActionPlan,
    Activity,
    ActivityEvidence,
    ActivityStatus,
    ActivityUpdate,
    MonevPeriod,
    MonevReport,
    MonevStatus,
    MonevStep,
    StageMark,
    Strategy,
)
from .rules import quarter_dates


class PlanError(ValueError):
    """A change refused for a reason the person can act on; the message says which."""


def _require_team(actor, unit_id: int) -> None:
    if not may_edit_unit_plans(actor, unit_id):
        raise PermissionDenied


# --- plans -----------------------------------------------------------------------------------
def create_plan(
    actor, unit: UnitKerja, year: int, framework: FrameworkVersion, note: str = ""
) -> ActionPlan:
    _require_team(actor, unit.pk)
    if ActionPlan.objects.filter(unit=unit, year=year).exists():
        raise PlanError(_("This unit already has an action plan for %(year)s.") % {"year": year})
    with transaction.atomic():
        plan = ActionPlan.objects.create(
            unit=unit, year=year, framework=framework, note=note.strip(), created_by=actor
        )
        record(actor, "plan.created", plan, after={"year": year, "framework": str(framework)})
    return plan


# --- activities ------------------------------------------------------------------------------
ACTIVITY_FIELDS = (
    "title", "description", "area", "questions", "output", "owner", "owner_name",
    "owner_email", "start_date", "due_date", "status", "progress",
)  # fmt: skip


def unit_people(unit_id: int):
    """The people with a role on the unit: who may be in charge of its activities."""
    from django.contrib.auth import get_user_model

    ids = RoleAssignment.objects.filter(unit_id=unit_id, role__in=sorted(UNIT_ROLES)).values(
        "user_id"
    )
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def validate_activity(plan: ActionPlan, data: dict[str, Any]) -> dict[str, Any]:
    """The activity's values, cleaned; ValidationError naming each wrong field otherwise."""
    errors: dict[str, str] = {}
    clean = dict(data)
    for name in ("title", "description", "output", "owner_name", "owner_email"):
        clean[name] = (clean.get(name) or "").strip()
    if not clean["title"]:
        errors["title"] = _("Name the activity.")
    if not clean["output"]:
        errors["output"] = _("Say what the activity produces (its output).")

    areas = {a.code: a for a in areas_of(plan.framework)}
    area = areas.get(clean.get("area") or "")
    questions = [str(q) for q in (clean.get("questions") or [])]
    if area is None:
        errors["area"] = _("Choose an area of the LKE %(lke)s.") % {"lke": plan.framework}
    else:
        allowed = {no for no, _text in area.questions}
        wrong = [q for q in questions if q not in allowed]
        if wrong:
            errors["questions"] = _("Question(s) %(questions)s are not in the area %(area)s.") % {
                "questions": ", ".join(wrong),
                "area": area.name,
            }
        order = [no for no, _text in area.questions]
        questions = sorted(set(questions) & allowed, key=order.index)
    clean["questions"] = questions

    start, due = clean.get("start_date"), clean.get("due_date")
    if start and due and due < start:
        errors["due_date"] = _("The due date cannot be before the start date.")

    status = clean.get("status") or ActivityStatus.NOT_STARTED
    progress = clean.get("progress")
    progress = 0 if progress is None else progress
    if not 0 <= progress <= 100:
        errors["progress"] = _("Progress is a percentage from 0 to 100.")
    elif progress == 100 and status != ActivityStatus.DONE:
        errors["status"] = _("Progress is 100 percent: the status must be Done.")
    elif status == ActivityStatus.DONE and progress != 100:
        errors["progress"] = _("A done activity has 100 percent progress.")
    clean["status"], clean["progress"] = status, progress

    wanted = {getattr(s, "code", s) for s in (clean.get("strategies") or [])}
    known = {s.code: s for s in Strategy.objects.filter(code__in=wanted)}
    if wanted - known.keys():
        errors["strategies"] = _("Unknown strategy: %(codes)s.") % {
            "codes": ", ".join(sorted(wanted - known.keys()))
        }
    clean["strategies"] = sorted(known.values(), key=lambda s: s.number)

    owner = clean.get("owner")
    if owner is not None:
        if not unit_people(plan.unit_id).filter(pk=owner.pk).exists():
            errors["owner"] = _("The person in charge must have a role in this unit.")
        clean["owner_name"] = clean["owner_email"] = ""
    elif not clean["owner_name"] or not clean["owner_email"]:
        errors["owner"] = _(
            "Choose a person of the unit, or give the name and e-mail of someone without an "
            "account."
        )
    if errors:
        raise ValidationError(errors)
    return clean


def _snapshot(activity: Activity) -> dict[str, Any]:
    out = {}
    for name in ACTIVITY_FIELDS:
        value = getattr(activity, "owner_id" if name == "owner" else name)
        out[name] = value.isoformat() if isinstance(value, date) else value
    out["strategies"] = sorted(activity.strategies.values_list("code", flat=True))
    return out


def save_activity(
    actor, plan: ActionPlan, data: dict[str, Any], activity: Activity | None = None,
    note: str = "",
) -> Activity:  # fmt: skip
    """Create (activity=None) or change an activity. A change of status or progress is dated in
    its history, which the monev reports read. `data["strategies"]`: Strategy rows or codes
    (absent or empty: none)."""
    _require_team(actor, plan.unit_id)
    if activity is not None and activity.plan_id != plan.pk:
        raise PermissionDenied
    clean = validate_activity(plan, data)
    with transaction.atomic():
        if activity is None:
            activity = Activity(plan=plan)
            before = None
        else:
            activity = Activity.objects.select_for_update().get(pk=activity.pk)
            before = _snapshot(activity)
        for name in ACTIVITY_FIELDS:
            setattr(activity, name, clean.get(name))
        activity.updated_at, activity.updated_by = timezone.now(), actor
        activity.save()
        activity.strategies.set(clean["strategies"])
        after = _snapshot(activity)
        moved = before is None or (before["status"], before["progress"]) != (
            after["status"],
            after["progress"],
        )
        if moved or note.strip():
            ActivityUpdate.objects.create(
                activity=activity, status=activity.status, progress=activity.progress,
                note=note.strip(), on=clock.today(), by=actor,
            )  # fmt: skip
        if before is None:
            record(actor, "activity.created", activity, after=after, note=note)
        else:
            changed = {k for k in after if after[k] != before[k]}
            record(
                actor, "activity.changed", activity,
                before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
                note=note,
            )  # fmt: skip
    return activity


def add_activity_evidence(
    actor, activity: Activity, *, description: str, upload=None, url: str = "",
    document_date: date | None = None,
) -> Evidence:  # fmt: skip
    """A file or link, stored in the unit's evidence (bukti dukung), attached to the activity."""
    unit_id = activity.plan.unit_id
    _require_team(actor, unit_id)
    try:
        with transaction.atomic():
            evidence = documents.create(
                actor, unit_id, description=description, upload=upload, url=url,
                document_date=document_date,
            )  # fmt: skip
            ActivityEvidence.objects.create(activity=activity, evidence=evidence, linked_by=actor)
            record(
                actor, "activity.evidence_added", activity,
                after={"evidence": evidence.pk, "description": evidence.description},
            )  # fmt: skip
    except EvidenceError as refused:  # type, size, content or description: say why
        raise PlanError(str(refused)) from refused
    return evidence


def attach_activity_evidence(actor, activity: Activity, evidence: Evidence) -> None:
    """Attach a bukti dukung the unit already has (e.g. one uploaded for an LKE question)."""
    unit_id = activity.plan.unit_id
    _require_team(actor, unit_id)
    if evidence.unit_id != unit_id:
        raise PermissionDenied
    with transaction.atomic():
        _link, created = ActivityEvidence.objects.get_or_create(
            activity=activity, evidence=evidence, defaults={"linked_by": actor}
        )
        if created:
            record(
                actor, "activity.evidence_attached", activity,
                after={"evidence": evidence.pk, "description": evidence.description},
            )  # fmt: skip


def attach_activity_from_library(actor, activity: Activity, key: str) -> tuple[Evidence, bool]:
    """Attach a document picked from the unit's document library (`zona.evidence.library`: the
    unit's evidence of any LKE or activity, audit follow-ups, capaian kinerja) by its key
    ("evidence:12", "finding:4"); a document of another register becomes the unit's evidence
    without copying bytes. (evidence, whether it was newly attached); Http404 for a key that
    is not the unit's or not the person's to see; PlanError for a key that names nothing."""
    unit_id = activity.plan.unit_id
    _require_team(actor, unit_id)
    parsed = library.parse_key(key)
    if parsed is None:
        raise PlanError(_("Choose one of the unit's documents."))
    kind, pk = parsed
    with transaction.atomic():
        evidence = library.source(kind).adopt(actor, unit_id, pk)
        _link, created = ActivityEvidence.objects.get_or_create(
            activity=activity, evidence=evidence, defaults={"linked_by": actor}
        )
        if created:
            record(
                actor, "activity.evidence_attached", activity,
                after={"evidence": evidence.pk, "description": evidence.description,
                       "from": kind},
            )  # fmt: skip
    return evidence, created


def detach_activity_evidence(actor, link: ActivityEvidence) -> None:
    _require_team(actor, link.activity.plan.unit_id)
    with transaction.atomic():
        record(
            actor, "activity.evidence_detached", link.activity,
            before={"evidence": link.evidence_id},
        )  # fmt: skip
        link.delete()


# --- monev reports ---------------------------------------------------------------------------
def monev_dates(year: int, period: str, start: date | None, end: date | None) -> tuple[date, date]:
    if period == MonevPeriod.CUSTOM:
        if start is None or end is None:
            raise ValidationError({"start_date": _("Give the first and last day of the period.")})
        if end < start:
            raise ValidationError({"end_date": _("The period cannot end before it starts.")})
        return start, end
    return quarter_dates(year, int(period[-1]))


def create_monev(
    actor, unit: UnitKerja, year: int, period: str, start: date | None = None,
    end: date | None = None,
) -> MonevReport:  # fmt: skip
    _require_team(actor, unit.pk)
    start, end = monev_dates(year, period, start, end)
    try:
        with transaction.atomic():
            report = MonevReport.objects.create(
                unit=unit, year=year, period=period, start_date=start, end_date=end,
                created_by=actor,
            )  # fmt: skip
            record(
                actor, "monev.created", report,
                after={"period": period, "from": start.isoformat(), "to": end.isoformat()},
            )  # fmt: skip
    except IntegrityError:
        raise PlanError(
            _("This unit already has a report for this quarter; open that one.")
        ) from None
    return report


MONEV_TEXT = ("done_summary", "obstacles", "follow_up")


def save_monev(actor, report: MonevReport, data: dict[str, str]) -> MonevReport:
    _require_team(actor, report.unit_id)
    with transaction.atomic():
        report = MonevReport.objects.select_for_update().get(pk=report.pk)
        if report.is_read_only:
            raise PlanError(_("Only a draft can be changed; this report is no longer a draft."))
        before = {k: getattr(report, k) for k in MONEV_TEXT}
        for name in MONEV_TEXT:
            setattr(report, name, (data.get(name) or "").strip())
        report.save(update_fields=list(MONEV_TEXT))
        after = {k: getattr(report, k) for k in MONEV_TEXT}
        changed = [k for k in MONEV_TEXT if before[k] != after[k]]
        record(
            actor, "monev.changed", report,
            before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
        )  # fmt: skip
    return report


# name → (from, to, who: "team" or "lead", note required)
MONEV_MOVES = {
    "submit": (MonevStatus.DRAFT, MonevStatus.SUBMITTED, "team", False),
    "sign": (MonevStatus.SUBMITTED, MonevStatus.SIGNED, "lead", False),
    "return": (MonevStatus.SUBMITTED, MonevStatus.DRAFT, "lead", True),
}


def may_move_monev(actor, report: MonevReport, name: str) -> bool:
    source, _target, who, _needs_note = MONEV_MOVES[name]
    if report.status != source:
        return False
    if who == "lead":
        return is_unit_lead(actor, report.unit_id)
    return may_edit_unit_plans(actor, report.unit_id)


def available_monev_moves(actor, report: MonevReport) -> list[str]:
    return [name for name in MONEV_MOVES if may_move_monev(actor, report, name)]


def move_monev(actor, report: MonevReport, name: str, note: str = "") -> MonevReport:
    """Submit a draft to the unit lead, sign it off, or return it to the team with a note.
    A signed report is final: there is no move out of it."""
    if name not in MONEV_MOVES:
        raise PlanError(_("Unknown step."))
    source, target, who, needs_note = MONEV_MOVES[name]
    allowed = is_unit_lead if who == "lead" else may_edit_unit_plans
    if not allowed(actor, report.unit_id):
        raise PermissionDenied
    note = (note or "").strip()
    if needs_note and not note:
        raise PlanError(_("Say what must be changed before the report can be signed off."))
    with transaction.atomic():
        report = MonevReport.objects.select_for_update().get(pk=report.pk)
        if report.status != source:
            raise PlanError(
                _("The report is %(status)s; this step is not possible now.")
                % {"status": report.get_status_display().lower()}
            )
        if name == "submit" and not (report.done_summary or report.obstacles or report.follow_up):
            raise PlanError(_("Fill in at least one section before submitting the report."))
        report.status = target
        if target == MonevStatus.SIGNED:
            report.signed_at, report.signed_by = timezone.now(), actor
        report.save(update_fields=["status", "signed_at", "signed_by"])
        MonevStep.objects.create(
            report=report, from_status=source, to_status=target, note=note, by=actor
        )
        record(
            actor, f"monev.{name}", report,
            before={"status": source}, after={"status": target}, note=note,
        )  # fmt: skip
    return report


# --- the seven stages ------------------------------------------------------------------------
def mark_stage(
    actor, unit: UnitKerja, year: int, stage: int, done_on: date, note: str
) -> StageMark:
    _require_team(actor, unit.pk)
    if not 1 <= stage <= 7:
        raise PlanError(_("Unknown stage."))
    note = (note or "").strip()
    if not note:
        raise PlanError(_("Say how the stage was reached (document, decree, event)."))
    with transaction.atomic():
        mark = StageMark.objects.filter(unit=unit, year=year, stage=stage).first()
        before = None if mark is None else {"done_on": mark.done_on.isoformat(), "note": mark.note}
        if mark is None:
            mark = StageMark(unit=unit, year=year, stage=stage)
        mark.done_on, mark.note, mark.marked_by, mark.marked_at = (
            done_on, note, actor, timezone.now(),
        )  # fmt: skip
        mark.save()
        record(
            actor, "stage.marked", mark, before=before,
            after={"done_on": done_on.isoformat(), "note": note},
        )  # fmt: skip
    return mark


def unmark_stage(actor, mark: StageMark) -> None:
    _require_team(actor, mark.unit_id)
    with transaction.atomic():
        record(
            actor, "stage.unmarked", mark,
            before={"done_on": mark.done_on.isoformat(), "note": mark.note},
        )  # fmt: skip
        mark.delete()
