"""The innovations' section of the unit dashboard (zona.dashboards.sections)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from zona.plans.access import plan_units_for

from .access import may_edit
from .models import InnovationStatus
from .queries import unit_register_summary


def innovations_section(unit, year: int | None, user) -> str | None:
    """Innovations by status, the year's publications and the LKE counts, for those who see
    the unit's action plan, when the unit keeps a register; one query."""
    year = year or timezone.localdate().year
    row = unit_register_summary(plan_units_for(user), unit.pk, year)
    if row is None:
        return None
    statuses = [(label, row[f"n_{code}"]) for code, label in InnovationStatus.choices]
    if (
        not row["n_registered"]
        and not any(n for _label, n in statuses)
        and not row["n_publications"]
    ):
        return None  # no register kept: nothing to show
    context = {"unit": unit, "year": year, "statuses": statuses, "row": row,
               "can_edit": may_edit(user, unit.pk)}  # fmt: skip
    return render_to_string("innovations/_dashboard_section.html", context)
