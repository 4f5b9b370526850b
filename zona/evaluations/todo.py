"""What each person has to do in evaluations, for the home page: counted in one query."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext_lazy

from zona.accounts.models import Role
from zona.orgs.access import reach

from .models import Evaluation, RevisionRequest, Stage
from .tiers import reviews_at_their_tier


def _count(singular: str, plural: str):
    # The plural form is chosen when the message is filled with its "count".
    return ngettext_lazy(singular, plural, "count")


# stage → (roles that act at it, message)
WORK = {
    Stage.DRAFT: (
        (Role.UNIT_MEMBER, Role.UNIT_LEAD),
        _count("%(count)d LKE to fill in", "%(count)d LKEs to fill in"),
    ),
    Stage.RETURNED: (
        (Role.UNIT_MEMBER, Role.UNIT_LEAD),
        _count("%(count)d LKE returned for revision", "%(count)d LKEs returned for revision"),
    ),
    Stage.SUBMITTED: (
        (Role.TPI_EVALUATOR, Role.TPI_LEAD),
        _count("%(count)d LKE waiting for TPI review", "%(count)d LKEs waiting for TPI review"),
    ),
    Stage.TPI_REVIEW: (
        (Role.TPI_EVALUATOR, Role.TPI_LEAD),
        _count("%(count)d LKE under TPI review", "%(count)d LKEs under TPI review"),
    ),
    Stage.TPI_FINAL: (
        (Role.INSTANSI_COORDINATOR,),
        _count(
            "%(count)d LKE final at the TPI, to propose",
            "%(count)d LKEs final at the TPI, to propose",
        ),
    ),
    Stage.PROPOSED: (
        (Role.TPN_EVALUATOR,),
        _count(
            "%(count)d proposed unit waiting for the TPN",
            "%(count)d proposed units waiting for the TPN",
        ),
    ),
    Stage.TPN_DESK: (
        (Role.TPN_EVALUATOR,),
        _count("%(count)d unit in desk evaluation", "%(count)d units in desk evaluation"),
    ),
    Stage.TPN_FIELD: (
        (Role.TPN_EVALUATOR,),
        _count("%(count)d unit in field evaluation", "%(count)d units in field evaluation"),
    ),
}


def evaluation_todos(user) -> list[tuple[str, str]]:
    """(text, link to the filtered list) for each stage where this person has work."""
    r = reach(user)
    if r.everything:
        return []
    roles = set(r.roles)
    visible = Evaluation.objects.visible_to(user)
    counts = dict(visible.values_list("stage").annotate(n=Count("id")).values_list("stage", "n"))
    if counts.get(Stage.TPI_REVIEW) and roles.intersection(WORK[Stage.TPI_REVIEW][0]):
        # In a tiered review it is the current tier's turn only (`tiers`).
        counts[Stage.TPI_REVIEW] = reviews_at_their_tier(user, visible)
    todos = []
    for stage, (acting, message) in WORK.items():
        if counts.get(stage) and roles.intersection(acting):
            url = f"{reverse('evaluations:list')}?stage={stage}"
            todos.append((message % {"count": counts[stage]}, url))
    return todos + revision_todos(user, roles)


# Whose turn an open revision request is: the unit's until it replies, then the TPI's.
REVISION_WORK = (
    ((Role.UNIT_MEMBER, Role.UNIT_LEAD), (Stage.DRAFT, Stage.RETURNED), False,
     _count("%(count)d revision request waiting for your reply",
            "%(count)d revision requests waiting for your reply")),
    ((Role.TPI_EVALUATOR, Role.TPI_LEAD), (Stage.SUBMITTED, Stage.TPI_REVIEW), True,
     _count("%(count)d revision reply to review and close",
            "%(count)d revision replies to review and close")),
)  # fmt: skip


def revision_todos(user, roles: set[str]) -> list[tuple[str, str]]:
    """Open revision requests whose turn it is for this person (one query per side they are
    on), linked to the evaluation's "needs revision" filter, or to the list when there are
    several evaluations."""
    todos = []
    for acting, stages, replied, message in REVISION_WORK:
        if not roles.intersection(acting):
            continue
        rows = RevisionRequest.objects.filter(
            resolved_at__isnull=True,
            evaluation__in=Evaluation.objects.visible_to(user).filter(stage__in=stages),
        )
        rows = rows.exclude(reply="") if replied else rows.filter(reply="")
        evaluations = list(rows.values_list("evaluation_id", flat=True))
        if not evaluations:
            continue
        if len(set(evaluations)) == 1:
            url = reverse("evaluations:detail", args=[evaluations[0]]) + "?saring=perbaikan"
        else:
            url = f"{reverse('evaluations:list')}?stage={stages[-1]}"
        todos.append((message % {"count": len(evaluations)}, url))
    return todos
