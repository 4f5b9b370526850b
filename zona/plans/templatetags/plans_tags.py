"""Template helpers of the action plans, and the summary the unit page includes."""

from __future__ import annotations

from django import template

from ..access import plans_for
from ..clock import today
from ..queries import status_counts

register = template.Library()


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, key)


@register.inclusion_tag("plans/_unit_summary.html", takes_context=True)
def plan_summary(context, unit):
    """The unit's latest action plan with its status counts (one query), for the unit page."""
    user = context["request"].user
    plan = status_counts(plans_for(user).filter(unit=unit), today()).order_by("-year").first()
    return {"unit": unit, "plan": plan}
