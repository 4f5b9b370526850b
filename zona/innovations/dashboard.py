"""The innovations' section of the unit dashboard (zona.dashboards.sections)."""

from __future__ import annotations

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from zona.plans.access import plan_units_for

from .access import may_edit
from .models import LIVE_STATUSES, Innovation, InnovationStatus, Publication
from .queries import lke_counts


def innovations_section(unit, year: int | None, user) -> str | None:
    """Innovations by status, this year's publications and the LKE counts, for those who see
    the unit's action plan; four queries."""
    if not plan_units_for(user).filter(pk=unit.pk).exists():
        return None
    year = year or timezone.localdate().year
    by_status = dict(
        Innovation.objects.filter(unit=unit).values_list("status").annotate(n=Count("pk"))
    )
    statuses = [(label, by_status.get(code, 0)) for code, label in InnovationStatus.choices]
    context = {
        "unit": unit,
        "year": year,
        "statuses": statuses,
        "live": sum(by_status.get(code, 0) for code in LIVE_STATUSES),
        "publications": Publication.objects.filter(unit=unit, published_on__year=year).count(),
        "counts": lke_counts(unit.pk, year),
        "can_edit": may_edit(user, unit.pk),
    }
    return render_to_string("innovations/_dashboard_section.html", context)
