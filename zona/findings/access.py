"""Who may see and change the findings register and the capaian kinerja records. One place.

- See: whoever sees the unit (`zona.orgs.access.units_for`): its team, the instansi's
  coordinator, TPI and leadership, the administrator. The TPN is not given the register; it
  sees the TLHP figure with the counts it rests on (the Hasil page, the TLHP page) for the
  units whose evaluation it sees.
- Record findings and recommendations, set the follow-up status (the auditor's judgement):
  the instansi coordinator and the TPI (Inspektorat), who monitor the follow-up of audits.
- Report a follow-up (a note and evidence, no status): also the unit's own team.
- Capaian kinerja: the unit's team and the instansi coordinator keep it.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from zona.accounts.models import Role
from zona.orgs.access import reach, units_for
from zona.orgs.models import UnitKerja

from .models import Finding, PerformanceRecord, Recommendation

MONITOR_ROLES = (Role.INSTANSI_COORDINATOR, Role.TPI_EVALUATOR, Role.TPI_LEAD)
UNIT_TEAM = (Role.UNIT_MEMBER, Role.UNIT_LEAD)


def _holds(user, unit: UnitKerja, roles) -> bool:
    r = reach(user)
    if r.everything:
        return True
    for role in roles:
        scope = r.roles.get(role, frozenset())
        if (unit.pk if role in UNIT_TEAM else unit.instansi_id) in scope:
            return True
    return False


def can_monitor(user, unit: UnitKerja) -> bool:
    """Record findings and recommendations of the unit and set their status."""
    return _holds(user, unit, MONITOR_ROLES)


def can_follow_up(user, unit: UnitKerja) -> bool:
    """Report a follow-up with evidence."""
    return _holds(user, unit, MONITOR_ROLES + UNIT_TEAM)


def can_keep_performance(user, unit: UnitKerja) -> bool:
    return _holds(user, unit, (Role.INSTANSI_COORDINATOR, *UNIT_TEAM))


def monitored_units(user) -> QuerySet[UnitKerja]:
    """The units whose findings this person may record (for the unit choice of the form)."""
    r = reach(user)
    units = units_for(user)
    if r.everything:
        return units
    instansi = set()
    for role in MONITOR_ROLES:
        instansi |= r.roles.get(role, frozenset())
    return units.filter(instansi_id__in=instansi)


def findings_for(user) -> QuerySet[Finding]:
    if not user.is_authenticated:
        return Finding.objects.none()
    return Finding.objects.filter(unit__in=units_for(user).values("pk")).select_related(
        "unit", "unit__instansi"
    )


def get_finding_for(user, pk: int, write: bool = False) -> Finding:
    """A finding the person may see (write: may change it — record, set statuses)."""
    finding = findings_for(user).filter(pk=pk).first()
    if finding is None or (write and not can_monitor(user, finding.unit)):
        raise Http404
    return finding


def get_recommendation_for(user, pk: int, to: str = "see") -> Recommendation:
    """to: "see", "follow_up" (report a follow-up) or "monitor" (set the status)."""
    rec = (
        Recommendation.objects.select_related("finding", "finding__unit")
        .filter(finding__in=findings_for(user).values("pk"), pk=pk)
        .first()
    )
    if rec is None:
        raise Http404
    unit = rec.finding.unit
    if to == "monitor" and not can_monitor(user, unit):
        raise Http404
    if to == "follow_up" and not can_follow_up(user, unit):
        raise Http404
    return rec


def get_performance_unit_for(user, unit_pk: int, write: bool = False) -> UnitKerja:
    """The unit whose capaian kinerja record the person opens (write: may keep it)."""
    unit = units_for(user).filter(pk=unit_pk).first()
    if unit is None or (write and not can_keep_performance(user, unit)):
        raise Http404
    return unit


def get_tlhp_unit_for(user, unit_pk: int) -> UnitKerja:
    """The unit whose TLHP figure (counts only, no findings) the person opens: whoever sees the
    unit, and whoever sees one of its evaluations (the TPN, once the unit is proposed), since
    the evaluation's Hasil page offers that figure."""
    from zona.evaluations.models import Evaluation

    unit = units_for(user).filter(pk=unit_pk).first()
    if unit is None:
        evaluation = (
            Evaluation.objects.visible_to(user)
            .filter(unit_id=unit_pk)
            .select_related("unit")
            .first()
        )
        unit = evaluation.unit if evaluation else None
    if unit is None:
        raise Http404
    return unit


def performance_records_for(user) -> QuerySet[PerformanceRecord]:
    return PerformanceRecord.objects.filter(unit__in=units_for(user).values("pk"))
