"""The seven stages of building a Zona Integritas (seed, slide "TAHAPAN PEMBANGUNAN ZONA
INTEGRITAS") for one unit and year, each stage's state read from Zona's own data where Zona has
it, and otherwise from the unit's own mark (date + note)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zona.evaluations.access import NATIONAL_STAGES
from zona.evaluations.models import Evaluation, Stage, StageChange
from zona.orgs.models import Pencanangan, UnitKerja

from .models import ActionPlan, ActivityStatus, MonevReport, MonevStatus, StageMark

DONE, RUNNING, NOT_STARTED = "done", "running", "not_started"

STAGES = {
    1: gettext_lazy("Declaration of the Zona Integritas (pencanangan)"),
    2: gettext_lazy("Designate the units to be built as a Zona Integritas toward WBK/WBBM"),
    3: gettext_lazy("Set the bureaucratic reform action plan for the Zona Integritas unit"),
    4: gettext_lazy("Carry out the action plan"),
    5: gettext_lazy("Measure the result and process indicators achieved"),
    6: gettext_lazy("Monitor and evaluate the result and process indicators achieved"),
    7: gettext_lazy("Propose the unit for evaluation by the Ministry of PANRB"),
}
# Stages Zona can read from its own data; the others only from the unit's mark.
DERIVED = frozenset({1, 3, 4, 5, 6, 7})
TPI_SIDE = (Stage.SUBMITTED, Stage.TPI_REVIEW, Stage.TPI_FINAL)


@dataclass
class StageState:
    number: int
    title: str
    status: str = NOT_STARTED
    on: date | None = None
    detail: str = ""
    source: str = ""  # "data" (read from Zona) or "mark" (the unit's record); "" if nothing
    mark: StageMark | None = None
    derived: bool = False

    @property
    def status_label(self) -> str:
        return {DONE: _("done"), RUNNING: _("in progress"), NOT_STARTED: _("not started")}[
            self.status
        ]


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment else None


def unit_timeline(unit: UnitKerja, year: int) -> list[StageState]:
    states = {n: StageState(n, str(title), derived=n in DERIVED) for n, title in STAGES.items()}
    _pencanangan(states[1], unit, year)
    _plan(states[3], states[4], unit, year)
    _evaluation(states[5], states[7], unit, year)
    _monev(states[6], unit, year)
    for mark in StageMark.objects.filter(unit=unit, year=year).select_related("marked_by"):
        state = states[mark.stage]
        state.mark = mark
        if state.status != DONE:  # Zona's own data wins when it shows the stage reached
            state.status, state.on, state.source = DONE, mark.done_on, "mark"
            state.detail = mark.note
    return list(states.values())


def _pencanangan(state: StageState, unit: UnitKerja, year: int) -> None:
    found = (
        Pencanangan.objects.filter(instansi_id=unit.instansi_id, date__year__lte=year)
        .order_by("-date")
        .first()
    )
    if found is not None:
        state.status, state.on, state.source = DONE, found.date, "data"
        state.detail = _("Declared by %(instansi)s.") % {"instansi": unit.instansi}


def _plan(set_state: StageState, run_state: StageState, unit: UnitKerja, year: int) -> None:
    plan = (
        ActionPlan.objects.filter(unit=unit, year=year)
        .annotate(
            total=Count("activities", filter=~Q(activities__status=ActivityStatus.CANCELLED)),
            done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
            started=Count(
                "activities",
                filter=Q(activities__status__in=[ActivityStatus.RUNNING, ActivityStatus.DONE])
                | Q(activities__progress__gt=0),
            ),
            last_change=Max("activities__updated_at"),
        )
        .first()
    )
    if plan is None:
        return
    set_state.source = run_state.source = "data"
    if plan.total:
        set_state.status, set_state.on = DONE, _day(plan.created_at)
        set_state.detail = _("Action plan %(year)s with %(n)s activities.") % {
            "year": year,
            "n": plan.total,
        }
    else:
        set_state.status = RUNNING
        set_state.detail = _("The action plan has no activities yet.")
    if not plan.total:
        return
    run_state.detail = _("%(done)s of %(total)s activities done.") % {
        "done": plan.done,
        "total": plan.total,
    }
    if plan.done == plan.total:
        run_state.status, run_state.on = DONE, _day(plan.last_change)
    elif plan.started:
        run_state.status = RUNNING


def _evaluation(measure: StageState, propose: StageState, unit: UnitKerja, year: int) -> None:
    evaluation = Evaluation.objects.filter(unit=unit, year=year).only("pk", "stage").first()
    if evaluation is None:
        return
    reached = dict(
        StageChange.objects.filter(evaluation=evaluation)
        .order_by()
        .values_list("to_stage")
        .annotate(last=Max("at"))
        .values_list("to_stage", "last")
    )
    measure.source = propose.source = "data"
    if evaluation.stage in (Stage.DRAFT, Stage.RETURNED):
        measure.status = RUNNING
        measure.detail = _("Self-assessment (LKE) %(year)s being filled in.") % {"year": year}
    else:
        measure.status, measure.on = DONE, _day(reached.get(Stage.SUBMITTED))
        measure.detail = _("Self-assessment (LKE) %(year)s submitted to the TPI.") % {"year": year}
    if evaluation.stage in NATIONAL_STAGES:
        propose.status, propose.on = DONE, _day(reached.get(Stage.PROPOSED))
        propose.detail = _("Proposed to KemenPANRB; now: %(stage)s.") % {
            "stage": evaluation.get_stage_display()
        }
    elif evaluation.stage == Stage.NOT_PROPOSED:
        propose.detail = _("Closed at the instansi: not proposed this year.")
    elif evaluation.stage in TPI_SIDE:
        propose.status = RUNNING
        propose.detail = _("Evaluation by the TPI; now: %(stage)s.") % {
            "stage": evaluation.get_stage_display()
        }


def _monev(state: StageState, unit: UnitKerja, year: int) -> None:
    counts = MonevReport.objects.filter(unit=unit, year=year).aggregate(
        total=Count("pk"),
        signed=Count("pk", filter=Q(status=MonevStatus.SIGNED)),
        last_signed=Max("signed_at"),
    )
    if not counts["total"]:
        return
    state.source = "data"
    state.detail = _("%(signed)s of %(total)s monitoring reports signed off.") % counts
    if counts["signed"]:
        state.status, state.on = DONE, _day(counts["last_signed"])
    else:
        state.status = RUNNING
