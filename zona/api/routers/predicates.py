"""The public register of predicates (no authentication), as `/register-predikat/` shows it:
revoked predicates stay listed as revoked."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from ninja import Query, Router, Schema
from pydantic import Field

from zona.orgs.models import InstansiKind, Predicate, PredicateAward

from ..pagination import Page, PageParams, paginate
from ..types import Search

router = Router(tags=["predicates"])


class AwardOut(Schema):
    unit: str
    unit_id: int
    unit_type: str
    instansi: str
    instansi_kind: InstansiKind
    year: int
    predicate: Predicate
    decree_number: str
    decree_date: date | None
    revoked: bool
    revoked_on: date | None


class AwardFilters(PageParams):
    year: int | None = Field(None, ge=2010, le=2100)
    predicate: Predicate | None = None
    kind: InstansiKind | None = None
    q: Search | None = None


@router.get("", response=Page[AwardOut], auth=None, summary="The public predicate register")
def list_predicates(request, filters: Query[AwardFilters]):
    rows = PredicateAward.objects.select_related("unit", "unit__instansi", "unit__unit_type")
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.predicate:
        rows = rows.filter(predicate=filters.predicate)
    if filters.kind:
        rows = rows.filter(unit__instansi__kind=filters.kind)
    if filters.q:
        rows = rows.filter(
            Q(unit__name__icontains=filters.q) | Q(unit__instansi__name__icontains=filters.q)
        )
    rows = rows.order_by("-year", "unit__instansi__name", "unit__name", "pk")
    page = paginate(rows, filters)
    page["items"] = [
        {
            "unit": a.unit.name, "unit_id": a.unit_id, "unit_type": a.unit.unit_type.name,
            "instansi": a.unit.instansi.name, "instansi_kind": a.unit.instansi.kind,
            "year": a.year, "predicate": a.predicate, "decree_number": a.decree_number,
            "decree_date": a.decree_date, "revoked": a.revoked, "revoked_on": a.revoked_on,
        }
        for a in page["items"]
    ]  # fmt: skip
    return page
