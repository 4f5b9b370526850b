"""Instansi and unit kerja: read within reach; coordinators (and administrators) write. The
writes go through the screens' forms and actions, so the rules (unique names, no cycles in the
unit tree, value ranges) are the same."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zona.orgs import actions
from zona.orgs.access import get_instansi_for, get_unit_for, instansi_for, units_for
from zona.orgs.forms import InstansiYearForm, UnitForm
from zona.orgs.models import (
    AkipGrade,
    BpkOpinion,
    Echelon,
    InstansiKind,
    InstansiYear,
    UnitKerja,
    UnitType,
)

from ..errors import ApiError
from ..pagination import Page, PageParams, paginate
from ..types import Id, ObjectIn, Search, Year, text

router = Router(tags=["orgs"])


class InstansiOut(Schema):
    id: int
    name: str
    short_name: str
    kind: InstansiKind
    region: str


class InstansiYearOut(Schema):
    year: int
    bpk_opinion: BpkOpinion | None
    akip_grade: AkipGrade | None
    spip_level: Decimal | None
    rb_index: Decimal | None


class InstansiDetail(InstansiOut):
    years: list[InstansiYearOut]


class InstansiYearIn(ObjectIn):
    bpk_opinion: BpkOpinion | None = None
    akip_grade: AkipGrade | None = None
    spip_level: Decimal | None = Field(None, ge=0, le=5, decimal_places=2)
    rb_index: Decimal | None = Field(None, ge=0, le=100, decimal_places=2)


class UnitOut(Schema):
    id: int
    instansi_id: int
    parent_id: int | None
    name: str
    echelon: Echelon
    unit_type: str
    unit_type_id: int
    public_service: bool
    address: str
    current_predicate: str | None


class UnitIn(ObjectIn):
    name: text(200, min_length=1)
    parent_id: Id | None = None
    echelon: Echelon
    unit_type_id: Id
    public_service: bool = True
    address: text(255) = ""


class UnitCreate(UnitIn):
    instansi_id: Id


class UnitTypeOut(Schema):
    id: int
    name: str


class InstansiFilters(PageParams):
    kind: InstansiKind | None = None
    q: Search | None = None


class UnitFilters(PageParams):
    instansi: Id | None = None
    parent: Id | None = None
    q: Search | None = None


def _year_out(row: InstansiYear) -> dict:
    return {
        "year": row.year, "bpk_opinion": row.bpk_opinion or None,
        "akip_grade": row.akip_grade or None, "spip_level": row.spip_level,
        "rb_index": row.rb_index,
    }  # fmt: skip


def _unit_out(unit: UnitKerja) -> dict:
    return {
        "id": unit.pk, "instansi_id": unit.instansi_id, "parent_id": unit.parent_id,
        "name": unit.name, "echelon": unit.echelon, "unit_type": unit.unit_type.name,
        "unit_type_id": unit.unit_type_id, "public_service": unit.public_service,
        "address": unit.address, "current_predicate": unit.current_predicate,
    }  # fmt: skip


def _form_errors(form) -> ApiError:
    errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    return ApiError(422, "validation_error", _("Some fields are missing or not valid."),
                    {"fields": errors})  # fmt: skip


@router.get("/instansi", response=Page[InstansiOut], summary="List instansi within reach")
def list_instansi(request, filters: Query[InstansiFilters]):
    rows = instansi_for(request.user).order_by("name", "pk")
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(short_name__icontains=filters.q))
    return paginate(rows, filters)


def _instansi_detail(instansi) -> dict:
    return {
        **{f: getattr(instansi, f) for f in InstansiOut.model_fields},
        "years": [_year_out(y) for y in instansi.years.order_by("-year")],
    }


@router.get("/instansi/{instansi_id}", response=InstansiDetail, summary="One instansi")
def get_instansi(request, instansi_id: Id):
    return _instansi_detail(get_instansi_for(request.user, instansi_id))


@router.put(
    "/instansi/{instansi_id}/years/{year}", response=InstansiYearOut,
    summary="Record an instansi's facts of a year (coordinator)",
)  # fmt: skip
def put_instansi_year(request, instansi_id: Id, year: Year, data: InstansiYearIn):
    instansi = get_instansi_for(request.user, instansi_id, write=True)
    payload = {k: ("" if v is None else v) for k, v in data.model_dump().items()}
    form = InstansiYearForm(payload)
    if not form.is_valid():
        raise _form_errors(form)
    return _year_out(actions.save_instansi_year(request.user, instansi, year, form))


def _units():
    return UnitKerja.objects.select_related("unit_type").prefetch_related("awards")


@router.get("/units", response=Page[UnitOut], summary="List units within reach")
def list_units(request, filters: Query[UnitFilters]):
    rows = units_for(request.user).prefetch_related("awards").order_by("instansi_id", "name", "pk")
    if filters.instansi is not None:
        rows = rows.filter(instansi_id=filters.instansi)
    if filters.parent is not None:
        rows = rows.filter(parent_id=filters.parent)
    if filters.q:
        rows = rows.filter(name__icontains=filters.q)
    page = paginate(rows, filters)
    page["items"] = [_unit_out(u) for u in page["items"]]
    return page


@router.get("/units/{unit_id}", response=UnitOut, summary="One unit")
def get_unit(request, unit_id: Id):
    get_unit_for(request.user, unit_id)
    return _unit_out(_units().get(pk=unit_id))


def _save_unit(request, instansi, data: UnitIn, instance: UnitKerja | None) -> dict:
    payload = {
        "name": data.name, "parent": data.parent_id or "", "echelon": data.echelon,
        "unit_type": data.unit_type_id, "public_service": data.public_service,
        "address": data.address,
    }  # fmt: skip
    form = UnitForm(payload, instance=instance, instansi=instansi)
    if not form.is_valid():
        raise _form_errors(form)
    unit = actions.save_unit(request.user, instansi, form)
    return _unit_out(_units().get(pk=unit.pk))


@router.post("/units", response={201: UnitOut}, summary="Add a unit (coordinator)")
def create_unit(request, data: UnitCreate):
    instansi = get_instansi_for(request.user, data.instansi_id, write=True)
    return Status(201, _save_unit(request, instansi, data, None))


@router.put("/units/{unit_id}", response=UnitOut, summary="Change a unit (coordinator)")
def update_unit(request, unit_id: Id, data: UnitIn):
    unit = get_unit_for(request.user, unit_id, write="manage")
    return _save_unit(request, unit.instansi, data, unit)


@router.get("/unit-types", response=list[UnitTypeOut], summary="The kinds of unit")
def list_unit_types(request):
    return list(UnitType.objects.order_by("name").values("id", "name"))
