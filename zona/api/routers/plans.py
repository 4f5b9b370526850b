"""Rencana aksi: a unit's action plans, their activities (with the strategies they serve and
their evidence), and the monev reports. Read by whoever sees the unit's plans (the unit team,
the instansi's coordinator, leadership and TPI, the administrator: `zona.plans.access`);
changed by the unit team (and the administrator), a monev report signed off by the unit lead.
Every change is `zona.plans.actions`'."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, Prefetch, Q, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from zona.core.links import clean_web_link
from zona.core.people import display_name
from zona.evidence import library
from zona.frameworks.models import FrameworkVersion
from zona.plans import actions, clock, views
from zona.plans.access import (
    get_activity_for,
    get_monev_for,
    get_plan_for,
    get_plan_unit_for,
    may_edit_unit_plans,
    monev_for,
    plans_for,
)
from zona.plans.lke import areas_of
from zona.plans.models import (
    CLOSED_STATUSES,
    ActionPlan,
    Activity,
    ActivityEvidence,
    ActivityStatus,
    MonevPeriod,
    MonevReport,
    MonevStatus,
    Strategy,
    overdue_q,
)
from zona.plans.queries import touched_in_period

from ..errors import ApiError
from ..pagination import Page, PageParams, count_of, paginate
from ..types import Id, IsoDate, ObjectIn, QuestionNo, Search, Year, text

router = Router(tags=["plans"])

MonevMove = Literal[tuple(actions.MONEV_MOVES)]  # type: ignore[valid-type]
StrategyCode = text(40)


# --- strategies ------------------------------------------------------------------------------
class StrategyOut(Schema):
    number: int
    code: str
    name: str = Field(description="In the caller's language.")
    explanation: str


@router.get("/strategies", response=list[StrategyOut], summary="The five strategies of a zone")
def list_strategies(request):
    return [
        {"number": s.number, "code": s.code, "name": s.name, "explanation": s.explanation}
        for s in Strategy.objects.order_by("number")
    ]


# --- plans -----------------------------------------------------------------------------------
class AreaOut(Schema):
    code: str
    name: str
    questions: list[str]


class PlanOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    instansi_id: int
    year: int
    framework: str = Field(description="code@version of the LKE the areas come from")
    note: str
    created_at: datetime
    activities: int
    done: int
    overdue: int


class PlanDetail(PlanOut):
    may_edit: bool
    areas: list[AreaOut] = Field(description="The LKE areas and questions activities link to.")


class PlanFilters(PageParams):
    unit: Id | None = None
    instansi: Id | None = None
    year: int | None = Field(None, ge=2010, le=2100)


class PlanIn(ObjectIn):
    unit_id: Id
    year: Year
    framework: text(90, description='"code@version"; default: the active LKE.') | None = None
    note: text(5000) = ""


def _counted_plans(rows):
    today = clock.today()
    activities = Activity.objects.all()
    late = Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)
    return rows.annotate(
        n_activities=count_of(activities, "plan"),
        n_done=count_of(activities.filter(status=ActivityStatus.DONE), "plan"),
        n_overdue=count_of(activities.filter(late), "plan"),
    )


def _plan_out(p: ActionPlan) -> dict:
    return {
        "id": p.pk, "unit_id": p.unit_id, "unit_name": p.unit.name,
        "instansi_id": p.unit.instansi_id, "year": p.year,
        "framework": f"{p.framework.code}@{p.framework.version}", "note": p.note,
        "created_at": p.created_at, "activities": p.n_activities, "done": p.n_done,
        "overdue": p.n_overdue,
    }  # fmt: skip


def _plan_detail(user, plan: ActionPlan) -> dict:
    full = FrameworkVersion.objects.get(pk=plan.framework_id)
    return {
        **_plan_out(plan),
        "may_edit": may_edit_unit_plans(user, plan.unit_id),
        "areas": [
            {"code": a.code, "name": a.name, "questions": [no for no, _t in a.questions]}
            for a in areas_of(full)
        ],
    }


def _plan(user, pk: int) -> ActionPlan:
    found = get_plan_for(user, pk)
    return _counted_plans(plans_for(user)).get(pk=found.pk)


@router.get("/plans", response=Page[PlanOut], summary="Action plans within reach")
def list_plans(request, filters: Query[PlanFilters]):
    rows = plans_for(request.user)
    for field, value in (
        ("unit_id", filters.unit), ("unit__instansi_id", filters.instansi), ("year", filters.year)
    ):  # fmt: skip
        if value is not None:
            rows = rows.filter(**{field: value})
    page = paginate(
        _counted_plans(rows).order_by("-year", "unit__name", "pk"), filters,
        count=rows.order_by().count(),
    )  # fmt: skip
    page["items"] = [_plan_out(p) for p in page["items"]]
    return page


@router.get("/plans/{plan_id}", response=PlanDetail, summary="One action plan")
def get_plan(request, plan_id: Id):
    return _plan_detail(request.user, _plan(request.user, plan_id))


def _framework(choice: str | None) -> FrameworkVersion:
    rows = FrameworkVersion.objects.defer("source")
    if not choice:
        found = rows.filter(is_active=True).order_by("-code", "-loaded_at").first()
    else:
        code, _sep, version = choice.partition("@")
        found = rows.filter(code=code, version=version).first()
    if found is None:
        raise ApiError(
            422, "validation_error", _("Some fields are missing or not valid."),
            {"fields": {"framework": [_("Unknown LKE framework; give it as code@version.")]}},
        )  # fmt: skip
    return found


@router.post("/plans", response={201: PlanDetail}, summary="Start a unit's plan for a year")
def create_plan(request, data: PlanIn):
    """409 `refused` when the unit already has a plan for that year."""
    unit = get_plan_unit_for(request.user, data.unit_id)
    plan = actions.create_plan(request.user, unit, data.year, _framework(data.framework), data.note)
    return Status(201, _plan_detail(request.user, _plan(request.user, plan.pk)))


# --- activities ------------------------------------------------------------------------------
class ActivityEvidenceOut(Schema):
    evidence_id: int
    description: str
    filename: str
    url: str
    size: int | None
    document_date: date | None
    linked_at: datetime
    download: str | None = Field(description="Path of the file's download, null for a link.")


class ActivityUpdateOut(Schema):
    status: ActivityStatus
    progress: int
    note: str
    on: date
    by: str | None = Field(description="The person's name.")


class ActivityOut(Schema):
    id: int
    plan_id: int
    title: str
    description: str
    area: str
    questions: list[str]
    output: str
    owner_id: int | None = Field(description="The person in charge with an account.")
    owner_name: str = Field(description="The person in charge, by name.")
    owner_email: str = Field(description="For a person in charge without an account.")
    start_date: date
    due_date: date
    status: ActivityStatus
    progress: int
    overdue: bool
    strategies: list[str] = Field(description="Codes of the strategies it serves.")
    evidence: int = Field(description="Number of documents attached.")
    updated_at: datetime


class ActivityDetail(ActivityOut):
    may_edit: bool
    history: list[ActivityUpdateOut]
    documents: list[ActivityEvidenceOut]


class ActivityFilters(PageParams):
    area: text(20) | None = None
    status: ActivityStatus | None = None
    strategy: StrategyCode | None = Field(None, description="A strategy's code.")
    overdue: bool | None = None
    q: Search | None = Field(None, description="Part of the title, output or description.")


class ActivityIn(ObjectIn):
    title: text(255, min_length=1)
    description: text(10000) = ""
    area: text(20, min_length=1)
    questions: list[QuestionNo] = Field(default_factory=list, max_length=200)
    output: text(255, min_length=1)
    owner_id: Id | None = Field(None, description="Someone with a role in the unit; or give "
                                "owner_name and owner_email.")  # fmt: skip
    owner_name: text(150) = ""
    owner_email: text(254) = ""
    start_date: IsoDate
    due_date: IsoDate
    status: ActivityStatus = ActivityStatus.NOT_STARTED
    progress: int = Field(0, ge=0, le=100)
    strategies: list[StrategyCode] = Field(default_factory=list, max_length=10)
    note: text(5000, description="Progress note, kept in the activity's history.") = ""


class ActivityEvidenceForm(Schema):
    description: text(300)
    url: text(500, description="A link instead of a file.") = ""
    document_date: IsoDate | None = None


class ActivityAttachIn(ObjectIn):
    document: text(40, description='A key of the unit\'s library ("evidence:12", '
                   '"finding:4"), or the evidence id.')  # fmt: skip


def _activities(plan: ActionPlan, rows=None):
    today = clock.today()
    rows = plan.activities.all() if rows is None else rows
    return (
        rows.select_related("owner")
        .prefetch_related(Prefetch("strategies", queryset=Strategy.objects.order_by("number")))
        .annotate(
            is_late=Case(When(overdue_q(today), then=Value(True)), default=Value(False)),
            n_evidence=count_of(ActivityEvidence.objects.all(), "activity"),
        )
    )


def _activity_out(a: Activity) -> dict:
    return {
        "id": a.pk, "plan_id": a.plan_id, "title": a.title, "description": a.description,
        "area": a.area, "questions": list(a.questions or []), "output": a.output,
        "owner_id": a.owner_id,
        "owner_name": display_name(a.owner, "") if a.owner_id else a.owner_name,
        "owner_email": "" if a.owner_id else a.owner_email, "start_date": a.start_date,
        "due_date": a.due_date, "status": a.status, "progress": a.progress,
        "overdue": bool(a.is_late), "strategies": [s.code for s in a.strategies.all()],
        "evidence": a.n_evidence, "updated_at": a.updated_at,
    }  # fmt: skip


def _activity_detail(user, activity: Activity) -> dict:
    a = _activities(activity.plan).get(pk=activity.pk)
    links = activity.evidence_links.select_related("evidence", "evidence__file")
    return {
        **_activity_out(a),
        "may_edit": may_edit_unit_plans(user, activity.plan.unit_id),
        "history": [
            {"status": u.status, "progress": u.progress, "note": u.note, "on": u.on,
             "by": display_name(u.by, None)}
            for u in activity.updates.select_related("by")
        ],
        "documents": [_activity_evidence_out(activity, link) for link in links],
    }  # fmt: skip


def _activity_evidence_out(activity: Activity, link: ActivityEvidence) -> dict:
    ev = link.evidence
    download = None
    if ev.file_id:
        download = reverse(
            "api:activity_evidence_download",
            kwargs={"activity_id": activity.pk, "evidence_id": ev.pk},
        )
    return {
        "evidence_id": ev.pk, "description": ev.description, "filename": ev.filename,
        "url": ev.url, "size": ev.file.size if ev.file_id else None,
        "document_date": ev.document_date, "linked_at": link.linked_at, "download": download,
    }  # fmt: skip


@router.get(
    "/plans/{plan_id}/activities", response=Page[ActivityOut], summary="A plan's activities"
)
def list_activities(request, plan_id: Id, filters: Query[ActivityFilters]):
    plan = get_plan_for(request.user, plan_id)
    rows = plan.activities.all()
    if filters.area:
        rows = rows.filter(area=filters.area)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.strategy:
        rows = rows.filter(strategies__code=filters.strategy)
    if filters.overdue is not None:
        late = overdue_q(clock.today())
        rows = rows.filter(late) if filters.overdue else rows.exclude(late)
    if filters.q:
        q = filters.q
        rows = rows.filter(
            Q(title__icontains=q) | Q(output__icontains=q) | Q(description__icontains=q)
        )
    # The total from the plain rows: counting the annotated ones would group them all.
    page = paginate(_activities(plan, rows).order_by("due_date", "pk"), filters, count=rows.count())
    page["items"] = [_activity_out(a) for a in page["items"]]
    return page


def _activity_data(plan: ActionPlan, data: ActivityIn) -> dict:
    values = data.model_dump(exclude={"owner_id", "note"})
    owner = None
    if data.owner_id is not None:
        owner = actions.unit_people(plan.unit_id).filter(pk=data.owner_id).first()
        if owner is None:
            raise ValidationError(
                {"owner": _("The person in charge must have a role in this unit.")}
            )
    values["owner"] = owner
    return values


@router.post(
    "/plans/{plan_id}/activities", response={201: ActivityDetail}, summary="Add an activity"
)
def create_activity(request, plan_id: Id, data: ActivityIn):
    """The screen's rules (422 `validation_error`, `details.fields` per field): an area of the
    plan's LKE and questions of that area, due date not before the start, 100 % iff done,
    known strategies, a person of the unit in charge or a name and e-mail."""
    plan = get_plan_for(request.user, plan_id)
    if not may_edit_unit_plans(request.user, plan.unit_id):
        raise _forbidden()
    activity = actions.save_activity(
        request.user, plan, _activity_data(plan, data), None, data.note
    )
    return Status(201, _activity_detail(request.user, get_activity_for(request.user, activity.pk)))


def _forbidden() -> PermissionDenied:
    return PermissionDenied()


@router.get("/activities/{activity_id}", response=ActivityDetail, summary="One activity")
def get_activity(request, activity_id: Id):
    return _activity_detail(request.user, get_activity_for(request.user, activity_id))


@router.put(
    "/activities/{activity_id}", response=ActivityDetail,
    summary="Change an activity (its status and progress dated in its history)",
)  # fmt: skip
def update_activity(request, activity_id: Id, data: ActivityIn):
    activity = get_activity_for(request.user, activity_id)
    if not may_edit_unit_plans(request.user, activity.plan.unit_id):
        raise _forbidden()
    actions.save_activity(
        request.user, activity.plan, _activity_data(activity.plan, data), activity, data.note
    )
    return _activity_detail(request.user, get_activity_for(request.user, activity.pk))


@router.post(
    "/activities/{activity_id}/evidence", response={201: ActivityDetail},
    summary="Upload a file (multipart) or record a link as the activity's evidence",
)  # fmt: skip
def add_activity_evidence(
    request, activity_id: Id, data: Form[ActivityEvidenceForm], file: File[UploadedFile] = None
):
    """Stored among the unit's evidence (bukti dukung), so it can be attached to LKE questions
    later. 422 `invalid_evidence` with the reason."""
    activity = get_activity_for(request.user, activity_id)
    try:
        url = clean_web_link(data.url)
    except ValidationError as exc:
        raise ApiError(422, "invalid_evidence", " ".join(exc.messages)) from None
    try:
        actions.add_activity_evidence(
            request.user, activity, description=data.description, upload=file, url=url,
            document_date=data.document_date,
        )  # fmt: skip
    except actions.PlanError as exc:
        raise ApiError(422, "invalid_evidence", str(exc)) from None
    return Status(201, _activity_detail(request.user, get_activity_for(request.user, activity.pk)))


@router.post(
    "/activities/{activity_id}/evidence/attach", response={201: ActivityDetail},
    summary="Attach a document of the unit's library to the activity",
)  # fmt: skip
def attach_activity_evidence(request, activity_id: Id, data: ActivityAttachIn):
    activity = get_activity_for(request.user, activity_id)
    if not may_edit_unit_plans(request.user, activity.plan.unit_id):
        raise _forbidden()
    key = f"evidence:{data.document}" if data.document.isdigit() else data.document
    parsed = library.parse_key(key)
    if parsed is None:
        raise Http404
    kind, pk = parsed
    with transaction.atomic():
        evidence = library.source(kind).adopt(request.user, activity.plan.unit_id, pk)
        actions.attach_activity_evidence(request.user, activity, evidence)
    return Status(201, _activity_detail(request.user, get_activity_for(request.user, activity.pk)))


@router.delete(
    "/activities/{activity_id}/evidence/{evidence_id}", response={204: None},
    summary="Detach a document from the activity (it stays the unit's)",
)  # fmt: skip
def detach_activity_evidence(request, activity_id: Id, evidence_id: Id):
    activity = get_activity_for(request.user, activity_id)
    link = activity.evidence_links.filter(evidence_id=evidence_id).first()
    if link is None:
        raise Http404
    link.activity = activity
    actions.detach_activity_evidence(request.user, link)
    return Status(204, None)


@router.get(
    "/activities/{activity_id}/evidence/{evidence_id}/download",
    url_name="activity_evidence_download", summary="Download an activity's file (attachment)",
    response={200: None},
    openapi_extra={"responses": {200: {"description": "The file, as an attachment.",
                                       "content": {"application/octet-stream": {}}}}},
)  # fmt: skip
def download_activity_evidence(request, activity_id: Id, evidence_id: Id):
    return views.evidence_download(request, pk=activity_id, evidence_pk=evidence_id)


# --- monev -----------------------------------------------------------------------------------
class MonevStepOut(Schema):
    from_status: MonevStatus
    to_status: MonevStatus
    note: str
    at: datetime
    by: str | None = Field(description="The person's name.")


class MonevActivityOut(Schema):
    activity_id: int
    title: str
    status: ActivityStatus
    progress: int
    on: date = Field(description="The day of its last update in the period.")


class MonevOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    year: int
    period: MonevPeriod
    period_label: str
    start_date: date
    end_date: date
    status: MonevStatus
    created_at: datetime
    signed_at: datetime | None
    signed_by: str | None = Field(description="The person's name.")


class MonevDetail(MonevOut):
    done_summary: str
    obstacles: str
    follow_up: str
    moves: list[str] = Field(description="The moves the caller may make now.")
    may_edit: bool
    steps: list[MonevStepOut]
    activities: list[MonevActivityOut] = Field(
        description="The unit's activities whose status or progress changed in the period."
    )


class MonevFilters(PageParams):
    unit: Id | None = None
    year: int | None = Field(None, ge=2010, le=2100)
    status: MonevStatus | None = None


class MonevIn(ObjectIn):
    unit_id: Id
    year: Year
    period: MonevPeriod
    start_date: IsoDate | None = Field(None, description="custom: the first day.")
    end_date: IsoDate | None = Field(None, description="custom: the last day.")


class MonevTextIn(ObjectIn):
    done_summary: text(20000) = ""
    obstacles: text(20000) = ""
    follow_up: text(20000) = ""


class MonevMoveIn(ObjectIn):
    move: MonevMove  # type: ignore[valid-type]
    note: text(5000) = ""


def _monev_out(r: MonevReport) -> dict:
    return {
        "id": r.pk, "unit_id": r.unit_id, "unit_name": r.unit.name, "year": r.year,
        "period": r.period, "period_label": r.period_label, "start_date": r.start_date,
        "end_date": r.end_date, "status": r.status, "created_at": r.created_at,
        "signed_at": r.signed_at, "signed_by": display_name(r.signed_by, None),
    }  # fmt: skip


def _monev_detail(user, r: MonevReport) -> dict:
    return {
        **_monev_out(r),
        "done_summary": r.done_summary, "obstacles": r.obstacles, "follow_up": r.follow_up,
        "moves": actions.available_monev_moves(user, r),
        "may_edit": may_edit_unit_plans(user, r.unit_id) and not r.is_read_only,
        "steps": [
            {"from_status": s.from_status, "to_status": s.to_status, "note": s.note, "at": s.at,
             "by": display_name(s.by, None)}
            for s in r.steps.select_related("by")
        ],
        "activities": [
            {"activity_id": a.pk, "title": a.title, "status": a.last_update.status,
             "progress": a.last_update.progress, "on": a.last_update.on}
            for a in touched_in_period(r)
        ],
    }  # fmt: skip


@router.get("/monev", response=Page[MonevOut], summary="Monev reports within reach")
def list_monev(request, filters: Query[MonevFilters]):
    rows = monev_for(request.user).order_by("-start_date", "-pk")
    for field, value in (
        ("unit_id", filters.unit), ("year", filters.year), ("status", filters.status)
    ):  # fmt: skip
        if value is not None:
            rows = rows.filter(**{field: value})
    page = paginate(rows, filters)
    page["items"] = [_monev_out(r) for r in page["items"]]
    return page


@router.get("/monev/{monev_id}", response=MonevDetail, summary="One monev report")
def get_monev(request, monev_id: Id):
    return _monev_detail(request.user, get_monev_for(request.user, monev_id))


@router.post("/monev", response={201: MonevDetail}, summary="Start a monev report")
def create_monev(request, data: MonevIn):
    """A quarter (`tw1`…`tw4`) has its dates; `custom` takes `start_date` and `end_date`.
    409 `refused` when the unit already has the quarter's report."""
    unit = get_plan_unit_for(request.user, data.unit_id)
    report = actions.create_monev(
        request.user, unit, data.year, data.period, data.start_date, data.end_date
    )
    return Status(201, _monev_detail(request.user, get_monev_for(request.user, report.pk)))


@router.put("/monev/{monev_id}", response=MonevDetail, summary="Write a draft's sections")
def update_monev(request, monev_id: Id, data: MonevTextIn):
    """409 `refused` once the report is no longer a draft."""
    report = get_monev_for(request.user, monev_id)
    actions.save_monev(request.user, report, data.model_dump())
    return _monev_detail(request.user, get_monev_for(request.user, report.pk))


@router.post(
    "/monev/{monev_id}/moves", response=MonevDetail,
    summary="Submit a draft, sign it off or return it (unit lead, with a note)",
)  # fmt: skip
def move_monev(request, monev_id: Id, data: MonevMoveIn):
    report = get_monev_for(request.user, monev_id)
    actions.move_monev(request.user, report, data.move, data.note)
    return _monev_detail(request.user, get_monev_for(request.user, report.pk))
