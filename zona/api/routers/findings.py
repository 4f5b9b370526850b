"""The audit-findings register: findings, their recommendations and the follow-up of each.
Read by whoever sees the unit (`zona.findings.access`); recorded and judged by the instansi
coordinator and the TPI; a follow-up (a note, with a file or a link) reported by the unit's
team too. Every change is `zona.findings.actions`'; the evidence's bytes are stored by
`zona.evidence` as on the screens."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from zona.core.people import display_name
from zona.findings import actions, capaian, views
from zona.findings.access import (
    can_follow_up,
    can_keep_performance,
    can_monitor,
    findings_for,
    get_finding_for,
    get_performance_unit_for,
    get_recommendation_for,
)
from zona.findings.models import (
    OPEN_STATUSES,
    Document,
    Finding,
    PerformanceRecord,
    Polarity,
    Recommendation,
    Source,
    StatusChange,
)
from zona.findings.models import Status as FollowUp
from zona.orgs.access import get_unit_for

from ..pagination import Page, PageParams, count_of, paginate
from ..types import Id, IsoDate, ObjectIn, Search, Year, text

router = Router(tags=["findings"])


class FindingDocumentOut(Schema):
    id: int
    description: str
    filename: str
    url: str
    size: int | None
    added_at: datetime
    added_by: str | None = Field(description="The person's name.")
    download: str | None = Field(description="Path of the file's download, null for a link.")


class FollowUpEntryOut(Schema):
    id: int
    from_status: FollowUp | None
    to_status: FollowUp | None = Field(
        description="The status the auditor set; null for a follow-up the unit reported."
    )
    effective_on: date
    note: str
    at: datetime
    by: str | None = Field(description="The person's name.")


class RecommendationOut(Schema):
    id: int
    finding_id: int
    text: str
    deadline: date | None
    status: FollowUp
    status_on: date | None
    overdue: bool
    created_at: datetime


class RecommendationDetail(RecommendationOut):
    history: list[FollowUpEntryOut]
    documents: list[FindingDocumentOut]
    may_follow_up: bool
    may_judge: bool = Field(description="May set the status and the deadline.")


class FindingOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    instansi_id: int
    source: Source
    source_label: str
    source_name: str
    report_number: str
    report_date: date
    title: str
    description: str
    created_at: datetime
    recommendations: int
    open_recommendations: int


class FindingDetail(FindingOut):
    may_change: bool
    items: list[RecommendationOut] = Field(description="The recommendations, in order.")


class FindingFilters(PageParams):
    unit: Id | None = None
    instansi: Id | None = None
    source: Source | None = None
    year: int | None = Field(None, ge=2010, le=2100, description="Year of the report.")
    q: Search | None = Field(None, description="Part of the report number or the finding.")


class FindingIn(ObjectIn):
    source: Source
    source_name: text(150) = ""
    report_number: text(150, min_length=1)
    report_date: IsoDate
    title: text(300, min_length=1)
    description: text(10000) = ""


class FindingCreate(FindingIn):
    unit_id: Id


class RecommendationIn(ObjectIn):
    text: text(10000, min_length=1)
    deadline: IsoDate | None = None


class DeadlineIn(ObjectIn):
    deadline: IsoDate | None = Field(description="null: no deadline.")


class StatusIn(ObjectIn):
    status: FollowUp
    effective_on: IsoDate | None = Field(None, description="The auditor's date; default today.")
    note: text(5000) = ""


class FollowUpForm(Schema):
    note: text(5000, min_length=1, description="What was done.")
    description: text(300, description="The document's description (with a file or link).") = ""
    url: text(500, description="A link instead of a file.") = ""


def _finding_out(f: Finding) -> dict:
    return {
        "id": f.pk, "unit_id": f.unit_id, "unit_name": f.unit.name,
        "instansi_id": f.unit.instansi_id, "source": f.source, "source_label": f.source_label,
        "source_name": f.source_name, "report_number": f.report_number,
        "report_date": f.report_date, "title": f.title, "description": f.description,
        "created_at": f.created_at, "recommendations": f.n_recs, "open_recommendations": f.n_open,
    }  # fmt: skip


def _rec_out(r: Recommendation) -> dict:
    return {
        "id": r.pk, "finding_id": r.finding_id, "text": r.text, "deadline": r.deadline,
        "status": r.status, "status_on": r.status_on, "overdue": r.is_overdue(),
        "created_at": r.created_at,
    }  # fmt: skip


def document_out(d: Document) -> dict:
    download = reverse("api:finding_document", kwargs={"document_id": d.pk}) if d.file_id else None
    return {
        "id": d.pk, "description": d.description, "filename": d.filename, "url": d.url,
        "size": d.file.size if d.file_id else None, "added_at": d.added_at,
        "added_by": display_name(d.added_by, None), "download": download,
    }  # fmt: skip


def _counted(rows):
    recs = Recommendation.objects.all()
    return rows.annotate(
        n_recs=count_of(recs, "finding"),
        n_open=count_of(recs.filter(status__in=[s.value for s in OPEN_STATUSES]), "finding"),
    )


def _finding(user, pk: int) -> Finding:
    found = get_finding_for(user, pk)
    return _counted(findings_for(user)).get(pk=found.pk)


def _finding_detail(user, f: Finding) -> dict:
    recs = f.recommendations.order_by("pk")
    return {**_finding_out(f), "may_change": can_monitor(user, f.unit),
            "items": [_rec_out(r) for r in recs]}  # fmt: skip


def _rec_detail(user, r: Recommendation) -> dict:
    changes = StatusChange.objects.filter(recommendation=r).select_related("by")
    documents = r.documents.select_related("file", "added_by")
    unit = r.finding.unit
    return {
        **_rec_out(r),
        "history": [
            {"id": c.pk, "from_status": c.from_status or None, "to_status": c.to_status or None,
             "effective_on": c.effective_on, "note": c.note, "at": c.at,
             "by": display_name(c.by, None)}
            for c in changes
        ],
        "documents": [document_out(d) for d in documents],
        "may_follow_up": can_follow_up(user, unit), "may_judge": can_monitor(user, unit),
    }  # fmt: skip


@router.get("/findings", response=Page[FindingOut], summary="Audit findings within reach")
def list_findings(request, filters: Query[FindingFilters]):
    rows = findings_for(request.user)
    for field, value in (
        ("unit_id", filters.unit), ("unit__instansi_id", filters.instansi),
        ("source", filters.source), ("report_date__year", filters.year),
    ):  # fmt: skip
        if value is not None:
            rows = rows.filter(**{field: value})
    if filters.q:
        rows = rows.filter(Q(report_number__icontains=filters.q) | Q(title__icontains=filters.q))
    # The total from the plain rows: counting the annotated ones would group them all.
    page = paginate(
        _counted(rows).order_by("-report_date", "-pk"), filters, count=rows.order_by().count()
    )
    page["items"] = [_finding_out(f) for f in page["items"]]
    return page


@router.get("/findings/{finding_id}", response=FindingDetail, summary="One finding")
def get_finding(request, finding_id: Id):
    return _finding_detail(request.user, _finding(request.user, finding_id))


@router.post(
    "/findings", response={201: FindingDetail},
    summary="Record a finding (instansi coordinator, TPI)",
)  # fmt: skip
def create_finding(request, data: FindingCreate):
    """422 `invalid_finding` with the reason (another auditor without its name, a report date
    in the future…)."""
    unit = get_unit_for(request.user, data.unit_id)
    fields = data.model_dump(exclude={"unit_id"})
    created = actions.create_finding(request.user, unit, **fields)
    return Status(201, _finding_detail(request.user, _finding(request.user, created.pk)))


@router.put("/findings/{finding_id}", response=FindingDetail, summary="Change a finding")
def update_finding(request, finding_id: Id, data: FindingIn):
    finding = get_finding_for(request.user, finding_id)
    actions.update_finding(request.user, finding, **data.model_dump())
    return _finding_detail(request.user, _finding(request.user, finding.pk))


@router.post(
    "/findings/{finding_id}/recommendations", response={201: RecommendationDetail},
    summary="Add a recommendation to a finding",
)  # fmt: skip
def add_recommendation(request, finding_id: Id, data: RecommendationIn):
    finding = get_finding_for(request.user, finding_id)
    rec = actions.add_recommendation(request.user, finding, data.text, data.deadline)
    return Status(201, _rec_detail(request.user, _recommendation(request.user, rec.pk)))


def _recommendation(user, pk: int, to: str = "see") -> Recommendation:
    return get_recommendation_for(user, pk, to)


@router.get(
    "/recommendations/{recommendation_id}", response=RecommendationDetail,
    summary="One recommendation, with its follow-up trail and documents",
)  # fmt: skip
def get_recommendation(request, recommendation_id: Id):
    return _rec_detail(request.user, _recommendation(request.user, recommendation_id))


@router.put(
    "/recommendations/{recommendation_id}/deadline", response=RecommendationDetail,
    summary="Set or clear the deadline",
)  # fmt: skip
def set_deadline(request, recommendation_id: Id, data: DeadlineIn):
    rec = _recommendation(request.user, recommendation_id)
    actions.set_deadline(request.user, rec, data.deadline)
    return _rec_detail(request.user, _recommendation(request.user, rec.pk))


@router.post(
    "/recommendations/{recommendation_id}/status", response=RecommendationDetail,
    summary="Set the follow-up status (the auditor's judgement)",
)  # fmt: skip
def change_status(request, recommendation_id: Id, data: StatusIn):
    """`tidak_dapat` needs the reason in `note`; the date can be neither in the future nor
    before the report (422 `invalid_finding`)."""
    rec = _recommendation(request.user, recommendation_id)
    actions.change_status(request.user, rec, data.status, data.effective_on, data.note)
    return _rec_detail(request.user, _recommendation(request.user, rec.pk))


@router.post(
    "/recommendations/{recommendation_id}/follow-ups", response={201: RecommendationDetail},
    summary="Report a follow-up: multipart note, and a file or a link with its description",
)  # fmt: skip
def report_follow_up(
    request, recommendation_id: Id, data: Form[FollowUpForm], file: File[UploadedFile] = None
):
    """The file's type, size and content are checked as on the screens (422
    `invalid_finding` with the reason); the status stays until the auditor judges it."""
    rec = _recommendation(request.user, recommendation_id)
    url = _clean_link(data.url)
    actions.report_follow_up(
        request.user, rec, data.note, upload=file, url=url, description=data.description
    )
    return Status(201, _rec_detail(request.user, _recommendation(request.user, rec.pk)))


def _clean_link(url: str) -> str:
    from django.core.exceptions import ValidationError

    from zona.core.links import clean_web_link

    try:
        return clean_web_link(url)
    except ValidationError as exc:
        raise actions.FindingError(" ".join(exc.messages)) from None


@router.get(
    "/findings/documents/{document_id}/download", url_name="finding_document",
    summary="Download a follow-up's or capaian kinerja's file (attachment)",
    response={200: None},
    openapi_extra={"responses": {200: {"description": "The file, as an attachment.",
                                       "content": {"application/octet-stream": {}}}}},
)  # fmt: skip
def download_document(request, document_id: Id):
    # The screen's view decides: whoever sees the document's unit.
    return views.document_download(request, pk=document_id)


# --- capaian kinerja (a unit's main performance indicators of a year: LKE 2021 item 126) -------
class IndicatorOut(Schema):
    name: str
    measure: str
    polarity: Polarity
    target: Decimal
    realisation: Decimal
    previous_realisation: Decimal | None
    benchmark: Decimal | None
    achievement: Decimal | None = Field(description="Percent of the target, 2 decimals.")
    reached: bool
    exceeded: bool
    better_than_previous: bool | None
    better_than_benchmark: bool | None


class OptionCheckOut(Schema):
    option: str
    met: bool | None = Field(description="null: a figure is missing to tell.")
    reasons: list[str]


class PerformanceOut(Schema):
    unit_id: int
    year: int
    recorded: bool = Field(description="false: nothing recorded for the year yet.")
    outcome_oriented: bool
    note: str
    updated_at: datetime | None
    updated_by: str | None = Field(description="The person's name.")
    may_keep: bool
    indicators: list[IndicatorOut]
    checks: list[OptionCheckOut] = Field(description="LKE item 126's options a…e, each met?")
    suggested: str | None = Field(description="The best option shown to be met.")
    summary: str
    documents: list[FindingDocumentOut]


class IndicatorIn(Schema):
    name: text(300, min_length=1)
    measure: text(40) = ""
    polarity: Polarity = Polarity.HIGHER
    target: Decimal = Field(gt=0, max_digits=14, decimal_places=4)
    realisation: Decimal = Field(ge=0, max_digits=14, decimal_places=4)
    previous_realisation: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=4)
    benchmark: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=4)


class PerformanceIn(ObjectIn):
    outcome_oriented: bool = False
    note: text(10000) = ""
    indicators: list[IndicatorIn] = Field(max_length=50, description="Replace the indicators.")


class PerformanceDocumentForm(Schema):
    description: text(300)
    url: text(500, description="A link instead of a file.") = ""


def _performance(user, unit, year: int) -> dict:
    rec = (
        PerformanceRecord.objects.filter(unit=unit, year=year)
        .select_related("updated_by")
        .prefetch_related("indicators", Prefetch("documents", Document.objects.select_related(
            "file", "added_by")))
        .first()
    )  # fmt: skip
    indicators = list(rec.indicators.all()) if rec else []
    assessment = capaian.assess(indicators, rec.outcome_oriented if rec else False)
    return {
        "unit_id": unit.pk, "year": year, "recorded": rec is not None,
        "outcome_oriented": rec.outcome_oriented if rec else False,
        "note": rec.note if rec else "", "updated_at": rec.updated_at if rec else None,
        "updated_by": display_name(rec.updated_by, None) if rec else None,
        "may_keep": can_keep_performance(user, unit),
        "indicators": [
            {"name": r.indicator.name, "measure": r.indicator.measure,
             "polarity": r.indicator.polarity, "target": r.indicator.target,
             "realisation": r.indicator.realisation,
             "previous_realisation": r.indicator.previous_realisation,
             "benchmark": r.indicator.benchmark, "achievement": r.achievement,
             "reached": r.reached, "exceeded": r.exceeded,
             "better_than_previous": r.better_than_previous,
             "better_than_benchmark": r.better_than_benchmark}
            for r in assessment.indicators
        ],
        "checks": [{"option": c.option, "met": c.met, "reasons": list(c.reasons)}
                   for c in assessment.checks],
        "suggested": assessment.suggested, "summary": str(assessment.summary),
        "documents": [document_out(d) for d in rec.documents.all()] if rec else [],
    }  # fmt: skip


@router.get(
    "/units/{unit_id}/performance/{year}", response=PerformanceOut,
    summary="A unit's capaian kinerja of a year, with the LKE options it supports",
)  # fmt: skip
def get_performance(request, unit_id: Id, year: Year):
    return _performance(request.user, get_performance_unit_for(request.user, unit_id), year)


@router.put(
    "/units/{unit_id}/performance/{year}", response=PerformanceOut,
    summary="Record the year's indicators (the unit team, the instansi coordinator)",
)  # fmt: skip
def put_performance(request, unit_id: Id, year: Year, data: PerformanceIn):
    unit = get_performance_unit_for(request.user, unit_id)
    actions.save_performance(
        request.user, unit, year, outcome_oriented=data.outcome_oriented, note=data.note,
        indicators=[actions.IndicatorInput(**i.model_dump()) for i in data.indicators],
    )  # fmt: skip
    return _performance(request.user, unit, year)


@router.post(
    "/units/{unit_id}/performance/{year}/documents", response={201: PerformanceOut},
    summary="Add a document to the year's record: multipart file or link, with its description",
)  # fmt: skip
def add_performance_document(
    request, unit_id: Id, year: Year, data: Form[PerformanceDocumentForm],
    file: File[UploadedFile] = None,
):  # fmt: skip
    unit = get_performance_unit_for(request.user, unit_id)
    rec = PerformanceRecord.objects.filter(unit=unit, year=year).first()
    if rec is None:
        raise Http404
    actions.add_performance_document(
        request.user, rec, upload=file, url=_clean_link(data.url), description=data.description
    )
    return Status(201, _performance(request.user, unit, year))
