"""State changes of organisations. Each checks permission, runs in a transaction and is audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.eligibility import EligibilityError, builtin_rulesets

from .access import can_change_unit, can_manage_instansi, can_set_thresholds
from .eligibility import open_thresholds
from .models import (
    EligibilityThreshold,
    Instansi,
    InstansiYear,
    Pencanangan,
    PredicateAward,
    UnitKerja,
    UnitYear,
)


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


UNIT_FIELDS = ["name", "code", "parent", "echelon", "unit_type", "public_service", "address"]


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


def set_eligibility_threshold(
    actor, *, ruleset: str, target: str, condition: str, value, basis: str
) -> EligibilityThreshold:
    """Set the minimum of a condition a shipped rule set leaves open (the RB index).

    Only a system administrator may: the number decides eligibility for every instansi. Refuses
    a condition whose file already sets a minimum (`EligibilityThresholdError`)."""
    if not can_set_thresholds(actor):
        raise PermissionDenied
    problems = threshold_problems(ruleset, target, condition, value)
    if problems:
        raise EligibilityThresholdError(problems)
    with transaction.atomic():
        row = (
            EligibilityThreshold.objects.select_for_update()
            .filter(ruleset=ruleset, target=target, condition=condition)
            .first()
        )
        before = None if row is None else _snapshot(row, ["value", "basis"])
        if row is None:
            row = EligibilityThreshold(ruleset=ruleset, target=target, condition=condition)
        row.value, row.basis, row.set_by = value, basis.strip(), actor
        row.save()
        record(
            actor,
            "eligibility.threshold_set",
            row,
            before=before,
            after=_snapshot(row, ["ruleset", "target", "condition", "value", "basis"]),
        )
    return row


class EligibilityThresholdError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def threshold_problems(ruleset: str, target: str, condition: str, value) -> list[str]:
    """Why a threshold cannot be set, in the person's language ([] when it can)."""
    rulesets = builtin_rulesets()
    if ruleset not in rulesets:
        return [_("Unknown rule set %(code)s.") % {"code": ruleset}]
    shipped = rulesets[ruleset]
    if (target, condition) not in open_thresholds(shipped):
        return [
            _(
                "The rule set %(code)s sets the minimum of '%(condition)s' for %(target)s itself "
                "or has no such condition; only an open minimum can be set here."
            )
            % {"code": ruleset, "condition": condition, "target": target}
        ]
    try:
        shipped.with_minimum(target, condition, value)
    except EligibilityError as error:
        return error.messages(get_language() or "id")
    return []
