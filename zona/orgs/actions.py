"""State changes of organisations. Each checks permission, runs in a transaction and is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict

from zona.audit.log import record

from .access import can_change_unit, can_manage_instansi
from .models import Instansi, InstansiYear, Pencanangan, PredicateAward, UnitKerja, UnitYear


def _snapshot(obj, fields: list[str]) -> dict[str, Any]:
    data = model_to_dict(obj, fields=fields)
    return {
        k: (str(v) if v is not None and not isinstance(v, bool | int) else v)
        for k, v in data.items()
    }


def save_instansi_year(actor, instansi: Instansi, year: int, form) -> InstansiYear:
    if not can_manage_instansi(actor, instansi):
        raise PermissionDenied
    fields = list(form.Meta.fields)
    with transaction.atomic():
        facts, created = InstansiYear.objects.select_for_update().get_or_create(
            instansi=instansi, year=year
        )
        before = None if created else _snapshot(facts, fields)
        for name in fields:
            setattr(facts, name, form.cleaned_data[name])
        facts.save()
        record(actor, "instansi.facts_saved", facts, before=before, after=_snapshot(facts, fields))
    return facts


def record_pencanangan(actor, instansi: Instansi, form) -> Pencanangan:
    if not can_manage_instansi(actor, instansi):
        raise PermissionDenied
    with transaction.atomic():
        declaration = form.save(commit=False)
        declaration.instansi = instansi
        declaration.created_by = actor
        declaration.save()
        record(
            actor,
            "instansi.pencanangan_recorded",
            declaration,
            after=_snapshot(declaration, ["date", "signatories", "note"]),
        )
    return declaration


LETTERHEAD_FIELDS = ["address", "contact", "city", "logo"]


def save_letterhead(actor, instansi: Instansi, form) -> Instansi:
    """The letterhead of the instansi's documents (address, contact line, city, logo)."""
    if not can_manage_instansi(actor, instansi):
        raise PermissionDenied
    with transaction.atomic():
        current = Instansi.objects.select_for_update().get(pk=instansi.pk)
        before = _snapshot(current, LETTERHEAD_FIELDS)
        saved = form.save()
        record(
            actor, "instansi.letterhead_saved", saved,
            before=before, after=_snapshot(saved, LETTERHEAD_FIELDS),
        )  # fmt: skip
    return saved


UNIT_FIELDS = ["name", "parent", "echelon", "unit_type", "public_service", "address"]


def save_unit(actor, instansi: Instansi, form) -> UnitKerja:
    """Create a unit (form.instance unsaved) or update one."""
    creating = form.instance.pk is None
    if not can_manage_instansi(actor, instansi):
        raise PermissionDenied
    with transaction.atomic():
        before = None
        if not creating:
            before = _snapshot(UnitKerja.objects.get(pk=form.instance.pk), UNIT_FIELDS)
        unit = form.save(commit=False)
        unit.instansi = instansi
        unit.save()
        record(
            actor,
            "unit.created" if creating else "unit.updated",
            unit,
            before=before,
            after=_snapshot(unit, UNIT_FIELDS),
        )
    return unit


def save_unit_year(actor, unit: UnitKerja, year: int, form) -> UnitYear:
    if not can_change_unit(actor, unit, "compliance"):
        raise PermissionDenied
    with transaction.atomic():
        row, created = UnitYear.objects.select_for_update().get_or_create(unit=unit, year=year)
        fields = ["lhkpn_percent", "lhkasn_percent", "declared"]
        before = None if created else _snapshot(row, fields)
        row.lhkpn_percent = form.cleaned_data["lhkpn_percent"]
        row.lhkasn_percent = form.cleaned_data["lhkasn_percent"]
        row.declared = form.declared()
        row.save()
        record(actor, "unit.compliance_saved", row, before=before, after=_snapshot(row, fields))
    return row


def record_award(actor, unit: UnitKerja, form) -> PredicateAward:
    """A predicate from before Zona (history), or a correction such as a revocation."""
    if not can_change_unit(actor, unit, "manage"):
        raise PermissionDenied
    fields = list(form.Meta.fields)
    with transaction.atomic():
        award = form.save(commit=False)
        award.unit = unit
        award.save()
        record(actor, "unit.award_recorded", award, after=_snapshot(award, fields))
    return award
