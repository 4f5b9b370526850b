"""The activity list of a plan (filtered, sorted), its summary per LKE area and the status
counts of a unit: each one query, computed by the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Case, Count, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from .models import CLOSED_STATUSES, ActionPlan, Activity, ActivityStatus, Strategy, overdue_q

SORTS = {
    "tenggat": ("due_date", "pk"),
    "-tenggat": ("-due_date", "-pk"),
    "mulai": ("start_date", "pk"),
    "area": ("area", "due_date", "pk"),
    "status": ("status", "due_date", "pk"),
    "kemajuan": ("progress", "due_date", "pk"),
    "-kemajuan": ("-progress", "due_date", "pk"),
    "judul": ("title", "pk"),
}
DEFAULT_SORT = "tenggat"
OVERDUE_FILTER = "terlambat"  # the status filter's extra value: only overdue activities


@dataclass(frozen=True)
class ActivityFilter:
    status: str = ""  # a status, OVERDUE_FILTER, or "" for all
    area: str = ""
    owner: str = ""  # a user id, or "" for all
    q: str = ""
    strategy: str = ""  # a strategy code, NO_STRATEGY_FILTER, or "" for all
    sort: str = DEFAULT_SORT


NO_STRATEGY_FILTER = "tanpa"  # the strategy filter's extra value: activities with no strategy


def activities(plan: ActionPlan, today: date, f: ActivityFilter) -> QuerySet[Activity]:
    """The plan's activities, each with `overdue` (bool) and `evidence_count`."""
    rows = (
        plan.activities.select_related("owner")
        .prefetch_related("strategies")
        .annotate(
            overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False)),
            evidence_count=Count("evidence_links", distinct=True),
        )
        .order_by(*SORTS.get(f.sort, SORTS[DEFAULT_SORT]))
    )
    if f.status == OVERDUE_FILTER:
        rows = rows.filter(overdue_q(today))
    elif f.status in ActivityStatus.values:
        rows = rows.filter(status=f.status)
    if f.area:
        rows = rows.filter(area=f.area)
    if f.strategy == NO_STRATEGY_FILTER:
        rows = rows.filter(strategies__isnull=True)
    elif f.strategy:
        rows = rows.filter(strategies__code=f.strategy)
    if f.owner.isdigit():
        rows = rows.filter(owner_id=int(f.owner))
    if f.q.strip():
        text = f.q.strip()
        rows = rows.filter(
            Q(title__icontains=text) | Q(output__icontains=text) | Q(owner_name__icontains=text)
            | Q(description__icontains=text)
        )  # fmt: skip
    return rows


def area_summary(plan: ActionPlan, today: date) -> dict[str, dict]:
    """area code → activities, done, overdue, mean progress (cancelled activities left out of
    the mean: they will never progress)."""
    rows = (
        plan.activities.order_by()
        .values("area")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(status=ActivityStatus.DONE)),
            overdue=Count("pk", filter=overdue_q(today)),
            cancelled=Count("pk", filter=Q(status=ActivityStatus.CANCELLED)),
            mean_progress=Avg("progress", filter=~Q(status=ActivityStatus.CANCELLED)),
        )
    )
    return {row["area"]: row for row in rows}


@dataclass(frozen=True)
class StrategySummary:
    rows: list[Strategy]  # each with total, done, overdue
    untagged: int  # activities of the plan that serve no strategy yet

    @property
    def missing(self) -> list[Strategy]:
        """The strategies no activity of the plan serves."""
        return [s for s in self.rows if not s.total]


def strategy_summary(plan: ActionPlan, today: date) -> StrategySummary:
    """The plan by strategy: per strategy its activities, done and overdue (an activity serving
    two strategies counts in both), and the untagged activities; one query."""
    mine = Q(activities__plan=plan)
    late = Q(activities__due_date__lt=today) & ~Q(activities__status__in=CLOSED_STATUSES)
    untagged = (
        Activity.objects.filter(plan=plan, strategies__isnull=True)
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = list(
        Strategy.objects.annotate(
            total=Count("activities", filter=mine),
            done=Count("activities", filter=mine & Q(activities__status=ActivityStatus.DONE)),
            overdue=Count("activities", filter=mine & late),
            untagged=Coalesce(Subquery(untagged), Value(0)),
        ).order_by("number")
    )
    return StrategySummary(rows=rows, untagged=rows[0].untagged if rows else 0)


def status_counts(plans: QuerySet[ActionPlan], today: date) -> QuerySet[ActionPlan]:
    """The plans, each annotated with its activity counts per state."""
    return plans.annotate(
        n_total=Count("activities"),
        n_done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
        n_running=Count("activities", filter=Q(activities__status=ActivityStatus.RUNNING)),
        n_not_started=Count("activities", filter=Q(activities__status=ActivityStatus.NOT_STARTED)),
        n_postponed=Count("activities", filter=Q(activities__status=ActivityStatus.POSTPONED)),
        n_cancelled=Count("activities", filter=Q(activities__status=ActivityStatus.CANCELLED)),
        n_overdue=Count(
            "activities",
            filter=Q(activities__due_date__lt=today)
            & ~Q(activities__status__in=[ActivityStatus.DONE, ActivityStatus.CANCELLED]),
        ),
        mean_progress=Coalesce(
            Avg("activities__progress", filter=~Q(activities__status=ActivityStatus.CANCELLED)),
            Value(0.0),
        ),
    )


def touched_in_period(report) -> list:
    """The unit's activities whose status or progress changed within the report's period, each
    with its last update of the period (`.last_update`), in due-date order."""
    from .models import ActivityUpdate

    updates = (
        ActivityUpdate.objects.filter(
            activity__plan__unit_id=report.unit_id,
            on__gte=report.start_date,
            on__lte=report.end_date,
        )
        .select_related("activity", "activity__plan", "activity__owner")
        .order_by("activity_id", "on", "at", "pk")
    )
    last: dict[int, object] = {}
    for update in updates:
        last[update.activity_id] = update
    touched = []
    for update in last.values():
        activity = update.activity
        activity.last_update = update
        touched.append(activity)
    return sorted(touched, key=lambda a: (a.due_date, a.pk))
