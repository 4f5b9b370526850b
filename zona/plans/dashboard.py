"""The action plan's section of the unit dashboard (zona.dashboards.sections)."""

from __future__ import annotations

from django.template.loader import render_to_string

from .access import plans_for
from .clock import today
from .queries import status_counts, strategy_summary


def action_plan_section(unit, year: int | None, user) -> str | None:
    """Status counts of the unit's plan for the year shown (or its latest) and the plan by
    strategy, if the person may see the unit's plans; three queries."""
    plans = list(status_counts(plans_for(user).filter(unit=unit), today()).order_by("-year"))
    if not plans:
        return None
    plan = next((p for p in plans if p.year == year), plans[0])
    context = {"unit": unit, "plan": plan, "by_strategy": strategy_summary(plan, today())}
    return render_to_string("plans/_unit_summary.html", context)
