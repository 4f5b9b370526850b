"""Who may see and change a unit's action plan, its activities, its monev reports and its
timeline. One function per object type; outside a person's reach is 404.

- the unit team (member, lead) sees and edits its own unit's plans, activities, monev drafts
  and stage marks; only the unit lead signs a monev report off (or returns it);
- the instansi's coordinator, leadership and TPI see every unit of the instansi, read-only;
- a TPN evaluator sees nothing here unless another role says otherwise;
- a system administrator sees everything and may correct plans, but does not sign.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zona.accounts.models import Role
from zona.orgs.access import reach
from zona.orgs.models import UnitKerja

from .models import ActionPlan, Activity, MonevReport


def _restrict(rows: QuerySet, user, unit: str) -> QuerySet:
    """`rows` limited to the units the person sees; `unit` is the path to the unit ("" when
    the rows are units)."""
    if not user.is_authenticated:
        return rows.none()
    r = reach(user)
    if r.everything:
        return rows
    if unit:
        visible = Q(**{f"{unit}__instansi_id__in": r.instansi_ids}) | Q(
            **{f"{unit}_id__in": r.unit_ids}
        )
    else:
        visible = Q(instansi_id__in=r.instansi_ids) | Q(pk__in=r.unit_ids)
    return rows.filter(visible)


def is_unit_team(user, unit_id: int) -> bool:
    roles = reach(user).roles
    return unit_id in roles.get(Role.UNIT_MEMBER, frozenset()) | roles.get(
        Role.UNIT_LEAD, frozenset()
    )


def may_edit_unit_plans(user, unit_id: int) -> bool:
    return reach(user).everything or is_unit_team(user, unit_id)


def is_unit_lead(user, unit_id: int) -> bool:
    return unit_id in reach(user).roles.get(Role.UNIT_LEAD, frozenset())


# --- units (their plans page, timeline, new plans and reports) -------------------------------
def plan_units_for(user) -> QuerySet[UnitKerja]:
    return _restrict(UnitKerja.objects.select_related("instansi"), user, "")


def get_plan_unit_for(user, pk: int, write: bool = False) -> UnitKerja:
    """A unit whose plans, reports and timeline the person sees (write: may add to them)."""
    unit = plan_units_for(user).filter(pk=pk).first()
    if unit is None or (write and not may_edit_unit_plans(user, unit.pk)):
        raise Http404
    return unit


# --- plans -----------------------------------------------------------------------------------
def plans_for(user) -> QuerySet[ActionPlan]:
    rows = ActionPlan.objects.select_related("unit", "unit__instansi", "framework").defer(
        "framework__source"
    )
    return _restrict(rows, user, "unit")


def get_plan_for(user, pk: int, write: bool = False) -> ActionPlan:
    plan = plans_for(user).filter(pk=pk).first()
    if plan is None or (write and not may_edit_unit_plans(user, plan.unit_id)):
        raise Http404
    return plan


# --- activities ------------------------------------------------------------------------------
def get_activity_for(user, pk: int, write: bool = False) -> Activity:
    rows = Activity.objects.select_related(
        "plan", "plan__unit", "plan__unit__instansi", "plan__framework", "owner"
    ).defer("plan__framework__source")
    activity = _restrict(rows, user, "plan__unit").filter(pk=pk).first()
    if activity is None or (write and not may_edit_unit_plans(user, activity.plan.unit_id)):
        raise Http404
    return activity


# --- monev reports ---------------------------------------------------------------------------
def monev_for(user) -> QuerySet[MonevReport]:
    rows = MonevReport.objects.select_related("unit", "unit__instansi", "signed_by")
    return _restrict(rows, user, "unit")


def get_monev_for(user, pk: int, write: str | None = None) -> MonevReport:
    """write="edit": the unit team (or an administrator) may change or submit it;
    write="sign": the unit lead may sign it off or return it."""
    report = monev_for(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    if write == "edit" and not may_edit_unit_plans(user, report.unit_id):
        raise Http404
    if write == "sign" and not is_unit_lead(user, report.unit_id):
        raise Http404
    return report
