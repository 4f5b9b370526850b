"""The innovation register and the media log of the units a person sees (the action plan's
rule), their LKE counts and media summary; a publication attached as LKE evidence and the
counts taken into an evaluation, through the same actions as the screens."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import Http404
from ninja import Query, Router, Schema
from pydantic import Field

from zona.evaluations.access import get_evaluation_for
from zona.innovations import actions
from zona.innovations.access import get_publication_for, get_unit_for
from zona.innovations.models import Channel, Innovation, InnovationStatus, Publication, Service
from zona.innovations.queries import lke_counts, media_summary

from ..errors import ApiError
from ..pagination import Page, PageParams, paginate
from ..types import Id

router = Router(tags=["innovations"])


class ServiceOut(Schema):
    id: int
    unit_id: int
    name: str
    description: str
    active: bool


class InnovationOut(Schema):
    id: int
    unit_id: int
    name: str
    problem: str
    service_id: int
    service: str
    start_date: date
    status: InnovationStatus
    measure: str
    measure_unit: str
    value_before: Decimal | None
    value_after: Decimal | None
    framework_code: str
    questions: list[str]


class PublicationOut(Schema):
    id: int
    unit_id: int
    published_on: date
    title: str
    channel: Channel
    url: str
    filename: str
    activity_id: int | None
    innovation_id: int | None
    evidence_id: int | None = Field(description="The bukti dukung made of it, once attached.")


class UnitFilters(PageParams):
    unit: Id | None = None


class InnovationFilters(UnitFilters):
    status: InnovationStatus | None = None


class PublicationFilters(UnitFilters):
    year: int | None = Field(None, ge=2010, le=2100)
    channel: Channel | None = None


class CountsOut(Schema):
    unit_id: int
    year: int
    registered: int
    simplified: int
    as_of: date


class ChannelMonths(Schema):
    channel: Channel
    months: list[int] = Field(description="Publications per month, January first.")
    total: int


class MediaSummaryOut(Schema):
    unit_id: int
    year: int
    channels: list[ChannelMonths]
    total: int


class AttachIn(Schema):
    evaluation_id: Id
    questions: list[str] = Field(min_length=1, max_length=20)


class AttachOut(Schema):
    evidence_id: int
    questions: list[str]


def _by_unit(rows, unit: int | None):
    return rows.filter(unit_id=unit) if unit is not None else rows


@router.get("/services", response=Page[ServiceOut], summary="Services of the units")
def list_services(request, filters: Query[UnitFilters]):
    rows = _by_unit(Service.objects.visible_to(request.user), filters.unit).order_by("unit", "pk")
    return paginate(rows, filters)


@router.get("", response=Page[InnovationOut], summary="Service innovations")
def list_innovations(request, filters: Query[InnovationFilters]):
    rows = _by_unit(Innovation.objects.visible_to(request.user), filters.unit)
    if filters.status:
        rows = rows.filter(status=filters.status)
    page = paginate(rows.select_related("service").order_by("unit", "-start_date", "pk"), filters)
    page["items"] = [
        {
            **{f: getattr(i, f) for f in InnovationOut.model_fields if f != "service"},
            "service": i.service.name,
        }
        for i in page["items"]
    ]
    return page


@router.get("/publications", response=Page[PublicationOut], summary="The media log")
def list_publications(request, filters: Query[PublicationFilters]):
    rows = _by_unit(Publication.objects.visible_to(request.user), filters.unit)
    if filters.year is not None:
        rows = rows.filter(published_on__year=filters.year)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    return paginate(rows.order_by("-published_on", "-pk"), filters)


@router.get("/units/{unit_id}/counts", response=CountsOut, summary="The LKE's service counts")
def counts(request, unit_id: Id, year: int = Query(..., ge=2010, le=2100)):
    unit = get_unit_for(request.user, unit_id)
    c = lke_counts(unit.pk, year)
    return {"unit_id": unit.pk, "year": year, "registered": c.registered,
            "simplified": c.simplified, "as_of": c.as_of}  # fmt: skip


@router.get(
    "/units/{unit_id}/media-summary", response=MediaSummaryOut,
    summary="Publications per channel and month",
)  # fmt: skip
def summary(request, unit_id: Id, year: int = Query(..., ge=2010, le=2100)):
    unit = get_unit_for(request.user, unit_id)
    s = media_summary(unit.pk, year)
    return {
        "unit_id": unit.pk, "year": year, "total": s.total,
        "channels": [{"channel": c, "months": m, "total": t} for c, _label, m, t in s.rows],
    }  # fmt: skip


@router.post(
    "/publications/{publication_id}/attach", response={201: AttachOut},
    summary="Attach a publication as evidence to LKE publication questions",
)  # fmt: skip
def attach(request, publication_id: Id, data: AttachIn):
    publication = get_publication_for(request.user, publication_id, write=True)
    evaluation = get_evaluation_for(request.user, data.evaluation_id)
    if evaluation.unit_id != publication.unit_id:
        raise Http404
    try:
        done = actions.attach_publication(request.user, publication, evaluation, data.questions)
    except actions.InnovationError as exc:
        raise ApiError(422, "not_attached", str(exc)) from None
    publication.refresh_from_db(fields=["evidence"])
    return 201, {"evidence_id": publication.evidence_id, "questions": done}


@router.post(
    "/evaluations/{evaluation_id}/take-counts", response=dict[str, int],
    summary="Take the register's service counts into the caller's layer",
)  # fmt: skip
def take_counts(request, evaluation_id: Id):
    evaluation = get_evaluation_for(request.user, evaluation_id)
    try:
        return actions.take_counts(request.user, evaluation)
    except actions.InnovationError as exc:
        raise ApiError(422, "not_taken", str(exc)) from None
