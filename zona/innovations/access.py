"""Who sees and changes a unit's innovations, services, publications and public page: the
action plan's rule (zona.plans.access) — the unit team writes; the instansi's coordinator,
leadership and TPI read; a system administrator may correct. Outside reach is 404."""

from __future__ import annotations

from django.http import Http404

from zona.orgs.models import UnitKerja
from zona.plans.access import get_plan_unit_for, may_edit_unit_plans

from .models import Innovation, Publication, Service

__all__ = [
    "get_innovation_for",
    "get_publication_for",
    "get_service_for",
    "get_unit_for",
    "may_edit",
]

may_edit = may_edit_unit_plans


def get_unit_for(user, pk: int, write: bool = False) -> UnitKerja:
    return get_plan_unit_for(user, pk, write=write)


def _one(rows, user, pk: int, write: bool):
    row = rows.visible_to(user).filter(pk=pk).first()
    if row is None or (write and not may_edit(user, row.unit_id)):
        raise Http404
    return row


def get_innovation_for(user, pk: int, write: bool = False) -> Innovation:
    rows = Innovation.objects.select_related("unit", "unit__instansi", "service")
    return _one(rows, user, pk, write)


def get_service_for(user, pk: int, write: bool = False) -> Service:
    return _one(Service.objects.select_related("unit", "unit__instansi"), user, pk, write)


def get_publication_for(user, pk: int, write: bool = False) -> Publication:
    rows = Publication.objects.select_related(
        "unit", "unit__instansi", "file", "activity", "innovation", "evidence"
    )
    return _one(rows, user, pk, write)
