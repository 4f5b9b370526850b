"""The seven stages of building a Zona Integritas (seed, slide "TAHAPAN PEMBANGUNAN ZONA
INTEGRITAS") for one unit and year, each stage's state read from Zona's own data where Zona has
it, and otherwise from the unit's own mark (date + note).

Each stage follows one rule, written once in `RULES` and shown on the page under the stage:
what in Zona's records makes it done, what makes it in progress. A stage Zona cannot read (2,
the choice of units) or a year without Zona's records takes the unit's mark. The stages stay
consistent with one another: a stage left "not started" while a later one is done is flagged
as not recorded (`gap_after`), never shown as if nothing had happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zona.evaluations.access import NATIONAL_STAGES
from zona.evaluations.models import Evaluation, LayerScore, Stage, StageChange
from zona.orgs.models import Pencanangan, UnitKerja
from zona.surveys.models import Survey

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


@dataclass(frozen=True)
class Rule:
    stage: int
    done: str  # when Zona's records show the stage done
    running: str  # when they show it in progress ("" when they cannot)


RULES = (
    Rule(
        1,
        gettext_lazy("done: the instansi's declaration (pencanangan) is recorded, dated in or "
                     "before the year"),
        "",
    ),
    Rule(2, gettext_lazy("only the unit's record: Zona keeps no decision choosing the units"), ""),
    Rule(
        3,
        gettext_lazy("done: the action plan of the year has at least one activity"),
        gettext_lazy("in progress: the plan exists without activities"),
    ),
    Rule(
        4,
        gettext_lazy("done: every activity of the plan is done (cancelled ones left out)"),
        gettext_lazy("in progress: an activity has started or has progress"),
    ),
    Rule(
        5,
        gettext_lazy("done: a survey of the year has results, the year's LKE has Hasil values, "
                     "or its self-assessment was submitted to the TPI"),
        gettext_lazy("in progress: a survey of the year without responses yet, or the LKE "
                     "being filled in"),
    ),
    Rule(
        6,
        gettext_lazy("done: a monitoring and evaluation (monev) report of the year is signed off"),
        gettext_lazy("in progress: a monev report of the year not signed off yet"),
    ),
    Rule(
        7,
        gettext_lazy("done: the year's LKE was proposed to KemenPANRB"),
        gettext_lazy("in progress: the LKE is with the TPI (submitted, in review, final)"),
    ),
)  # fmt: skip
RULE = {r.stage: r for r in RULES}
# Stages Zona can read from its own data; the others only from the unit's mark.
DERIVED = frozenset(r.stage for r in RULES if r.running or r.stage == 1)
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
    gap_after: int | None = None  # a later stage that is done while this one is not started

    @property
    def rule(self) -> Rule:
        return RULE[self.number]

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
    evaluation = _evaluation(states[7], unit, year)
    _measure(states[5], unit, year, evaluation)
    _monev(states[6], unit, year)
    for mark in StageMark.objects.filter(unit=unit, year=year).select_related("marked_by"):
        state = states[mark.stage]
        state.mark = mark
        if state.status != DONE:  # Zona's own data wins when it shows the stage reached
            state.status, state.on, state.source = DONE, mark.done_on, "mark"
            state.detail = mark.note
    done = [n for n, state in states.items() if state.status == DONE]
    for n, state in states.items():
        later = [d for d in done if d > n]
        if state.status == NOT_STARTED and later:
            state.gap_after = min(later)
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


def _evaluation(propose: StageState, unit: UnitKerja, year: int) -> Evaluation | None:
    evaluation = Evaluation.objects.filter(unit=unit, year=year).only("pk", "stage").first()
    if evaluation is None:
        return None
    reached = dict(
        StageChange.objects.filter(evaluation=evaluation)
        .order_by()
        .values_list("to_stage")
        .annotate(last=Max("at"))
        .values_list("to_stage", "last")
    )
    evaluation.reached = reached
    propose.source = "data"
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
    return evaluation


def _measure(state: StageState, unit: UnitKerja, year: int, evaluation) -> None:
    """Stage 5, measuring the result and process indicators: the year's survey results (the
    result indicators IPAK and IPKP), the Hasil values of the year's LKE, and its
    self-assessment (the process indicators, done once submitted to the TPI)."""
    surveys = list(
        Survey.objects.filter(unit=unit, year=year)
        .annotate(answered=Count("responses"), last=Max("responses__submitted_on"))
        .values_list("answered", "last")
    )
    with_results = [(n, last) for n, last in surveys if n]
    hasil = False
    submitted = None
    if evaluation is not None:
        hasil = LayerScore.objects.filter(evaluation=evaluation, hasil__gt=0).exists()
        if evaluation.stage not in (Stage.DRAFT, Stage.RETURNED):
            submitted = _day(evaluation.reached.get(Stage.SUBMITTED)) or date(year, 1, 1)
    parts = []
    if surveys:
        parts.append(
            _("%(with)s of %(n)s surveys of %(year)s with results.")
            % {"with": len(with_results), "n": len(surveys), "year": year}
        )
    if evaluation is not None:
        parts.append(
            _("Hasil values in the LKE %(year)s.") % {"year": year}
            if hasil
            else _("No Hasil value in the LKE %(year)s yet.") % {"year": year}
        )
        parts.append(
            _("Self-assessment (LKE) %(year)s submitted to the TPI.") % {"year": year}
            if submitted
            else _("Self-assessment (LKE) %(year)s being filled in.") % {"year": year}
        )
    if not parts:
        return
    state.source, state.detail = "data", " ".join(parts)
    if with_results or hasil or submitted:
        dates = [d for d in (*(last for _n, last in with_results), submitted) if d]
        state.status, state.on = DONE, min(dates) if dates else None
    else:
        state.status = RUNNING


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
