"""Who must be told about what happens to an evaluation, computed with the visibility rules of
`access.py` (never anyone outside the evaluation's reach), handed to the notifications app.

The actions call these after their transaction commits (`transaction.on_commit`): a refused or
rolled-back change tells nobody. Each event has a key, so a second call sends nothing more."""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from zona.accounts.models import INSTANSI_ROLES, NATIONAL_ROLES, UNIT_ROLES, Role, RoleAssignment
from zona.core.people import display_name
from zona.notifications.actions import notify
from zona.notifications.models import Kind, Notification

from .access import has_role_for, internal_comment_layers
from .models import (
    Comment,
    Evaluation,
    InstansiDeadline,
    Layer,
    NationalDeadline,
    RevisionRequest,
    Stage,
    default_national_deadline,
)
from .tiers import Tier, tiers_of

UNIT_TEAM = (Role.UNIT_MEMBER, Role.UNIT_LEAD)
TPI_TEAM = (Role.TPI_EVALUATOR, Role.TPI_LEAD)
COORDINATOR = (Role.INSTANSI_COORDINATOR,)
TPN = (Role.TPN_EVALUATOR,)

# move → (event, the stage it reaches, the roles that must know)
MOVE_EVENTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "submit": (Kind.SUBMITTED, Stage.SUBMITTED, TPI_TEAM),
    "return": (Kind.RETURNED, Stage.RETURNED, UNIT_TEAM),
    "finalise": (Kind.FINALISED, Stage.TPI_FINAL, COORDINATOR + UNIT_TEAM),
    "propose": (Kind.PROPOSED, Stage.PROPOSED, TPN),
    "decide": (Kind.DECIDED, Stage.DECIDED, UNIT_TEAM + COORDINATOR + TPI_TEAM),
}

# Days before a deadline that those whose move is due are reminded.
DEADLINE_DAYS = (14, 7, 1)
# Stage → (the step due next, who makes it), before each deadline. The internal deadline is
# the instansi's for its TPI to be done; the national one (31 May) for proposals.
DUE_BEFORE_INTERNAL = {
    Stage.DRAFT: ("submit", UNIT_TEAM), Stage.RETURNED: ("submit", UNIT_TEAM),
    Stage.SUBMITTED: ("review", TPI_TEAM), Stage.TPI_REVIEW: ("review", TPI_TEAM),
}  # fmt: skip
DUE_BEFORE_NATIONAL = {**DUE_BEFORE_INTERNAL, Stage.TPI_FINAL: ("propose", COORDINATOR)}

# @login, as Django's usernames are written (letters, digits, @ . + - _), without a trailing
# full stop or comma of the sentence.
MENTION = re.compile(r"(?<![\w@])@([\w.@+-]*[\w+-])")


def people(evaluation: Evaluation, roles: tuple[str, ...]):
    """The active people holding one of `roles` for this evaluation who can see it."""
    instansi = evaluation.unit.instansi_id
    scope = Q(pk__in=[])
    if unit_roles := [r for r in roles if r in UNIT_ROLES]:
        scope |= Q(role__in=unit_roles, unit_id=evaluation.unit_id)
    if instansi_roles := [r for r in roles if r in INSTANSI_ROLES]:
        scope |= Q(role__in=instansi_roles, instansi_id=instansi)
    if national_roles := [r for r in roles if r in NATIONAL_ROLES]:
        scope |= Q(role__in=national_roles)
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, pk__in=RoleAssignment.objects.filter(scope).values("user_id")
        )
        .order_by("pk")
    )
    return [u for u in users if may_be_told(u, evaluation, roles)]


def may_be_told(user, evaluation: Evaluation, roles: tuple[str, ...] = ()) -> bool:
    """The person sees the evaluation (`Evaluation.objects.visible_to`) and, when roles are
    given, holds one of them for it."""
    if roles and not any(has_role_for(user, evaluation, r) for r in roles):
        return False
    return Evaluation.objects.visible_to(user).filter(pk=evaluation.pk).exists()


def _facts(evaluation: Evaluation, actor) -> dict:
    return {
        "evaluation": evaluation.pk, "unit": evaluation.unit.name, "year": evaluation.year,
        "instansi": evaluation.unit.instansi.name,
        "actor": display_name(actor, ""),
    }  # fmt: skip


def _link(evaluation: Evaluation, question: str = "") -> str:
    url = reverse("evaluations:detail", args=[evaluation.pk])
    return f"{url}?q={question}#q-{question}" if question else url


def evaluation_moved(evaluation: Evaluation, move: str, actor) -> None:
    """Called by `actions.move` inside its transaction: the notices go out once it commits."""
    transaction.on_commit(partial(tell_moved, evaluation, move, actor), robust=True)


def comment_added(comment: Comment, actor) -> None:
    """Called by `actions.add_comment`: the notices go out once the comment is committed."""
    transaction.on_commit(partial(tell_comment, comment, actor), robust=True)


def revision_replied(request: RevisionRequest, actor) -> None:
    """Called by `actions.reply_to_revision`: the evaluator who asked hears the unit's reply."""
    transaction.on_commit(partial(tell_revision_reply, request, actor), robust=True)


def tell_revision_reply(request: RevisionRequest, actor) -> list:
    """The unit's "sudah diperbaiki" tells the evaluator who asked, once per reply."""
    evaluation = Evaluation.objects.select_related("unit__instansi").get(pk=request.evaluation_id)
    asked = request.requested_by
    if asked is None or not may_be_told(asked, evaluation, TPI_TEAM):
        return []
    context = {
        **_facts(evaluation, actor), "question": request.question,
        "excerpt": Truncator(request.reply).chars(300),
    }  # fmt: skip
    key = f"revision_reply:{request.pk}:{request.replied_at.isoformat()}"
    link = _link(evaluation, request.question)
    return notify([asked], Kind.REVISION_REPLY, evaluation, link=link, context=context, key=key,
                  actor=actor)  # fmt: skip


# The moves inside a tiered TPI review (`tiers.py`): the people of the tier it reaches are told.
TIER_EVENTS = {"pass_up": Kind.TIER_PASSED, "return_tier": Kind.TIER_RETURNED}


def tier_people(evaluation: Evaluation, tier: Tier) -> list:
    """The active people of one TPI tier who can see the evaluation and hold a TPI role."""
    users = get_user_model().objects.filter(is_active=True, pk__in=tier.members).order_by("pk")
    return [u for u in users if may_be_told(u, evaluation, TPI_TEAM)]


def tell_tier(evaluation: Evaluation, move: str, actor) -> list:
    evaluation = Evaluation.objects.select_related("unit__instansi").get(pk=evaluation.pk)
    change = evaluation.moves.filter(step=move).order_by("-at", "-id").first()
    tiers = tiers_of(evaluation.unit.instansi)
    if change is None or not change.to_tier or change.to_tier > len(tiers):
        return []
    tier = tiers[change.to_tier - 1]
    came_from = tiers[change.from_tier - 1].name if change.from_tier else ""
    context = {
        **_facts(evaluation, actor), "note": change.note, "tier": tier.name,
        "from_tier": came_from,
    }  # fmt: skip
    return notify(
        tier_people(evaluation, tier), TIER_EVENTS[move], evaluation, link=_link(evaluation),
        context=context, key=f"evaluation.{move}:{change.pk}", actor=actor,
    )  # fmt: skip


def tell_moved(evaluation: Evaluation, move: str, actor) -> list:
    """After a stage move: tell whoever must act next (or learn the outcome)."""
    if move in TIER_EVENTS:
        return tell_tier(evaluation, move, actor)
    if move not in MOVE_EVENTS:
        return []
    kind, stage, roles = MOVE_EVENTS[move]
    evaluation = Evaluation.objects.select_related("unit__instansi", "framework").get(
        pk=evaluation.pk
    )
    change = evaluation.moves.filter(to_stage=stage).order_by("-at", "-id").first()
    if change is None:
        return []
    context = {**_facts(evaluation, actor), "note": change.note}
    tiers = tiers_of(evaluation.unit.instansi)
    if kind == Kind.SUBMITTED and tiers:
        # In a tiered review the first tier starts it: its people are the TPI told.
        context["tier"] = tiers[0].name
        return notify(
            tier_people(evaluation, tiers[0]), kind, evaluation, link=_link(evaluation),
            context=context, key=f"evaluation.{move}:{change.pk}", actor=actor,
        )  # fmt: skip
    if kind == Kind.RETURNED:
        order = {no: i for i, no in enumerate(evaluation.framework.framework().questions)}
        revisions = sorted(
            evaluation.revisions.filter(resolved_at__isnull=True).values("question", "reason"),
            key=lambda r: order.get(r["question"], len(order)),
        )
        context["revisions"] = revisions
    if kind == Kind.DECIDED:
        context.update(
            predicate=evaluation.decided_predicate, decree_number=evaluation.decree_number,
            decree_date=evaluation.decree_date.isoformat() if evaluation.decree_date else "",
        )  # fmt: skip
    return notify(
        people(evaluation, roles), kind, evaluation, link=_link(evaluation), context=context,
        key=f"evaluation.{move}:{change.pk}", actor=actor,
    )  # fmt: skip


def tell_comment(comment: Comment, actor) -> list:
    """A unit's reply on a question under revision tells the evaluator who asked; an @login
    tells that person, if they may read the comment. One notice per person per comment."""
    evaluation = Evaluation.objects.select_related("unit__instansi").get(pk=comment.evaluation_id)
    context = {
        **_facts(evaluation, actor), "question": comment.question,
        "excerpt": Truncator(comment.body).chars(300),
    }  # fmt: skip
    link, key = _link(evaluation, comment.question), f"comment:{comment.pk}"
    created = []
    if comment.layer == Layer.UNIT:
        asked = (
            RevisionRequest.objects.filter(
                evaluation=evaluation, question=comment.question, resolved_at__isnull=True
            )
            .select_related("requested_by")
            .first()
        )
        if asked and asked.requested_by and may_be_told(asked.requested_by, evaluation, TPI_TEAM):
            created += notify([asked.requested_by], Kind.REVISION_REPLY, evaluation, link=link,
                              context=context, key=key, actor=actor)  # fmt: skip
    named = {m.lower() for m in MENTION.findall(comment.body)}
    if named:
        users = get_user_model().objects.filter(username__in=named, is_active=True)
        readers = [u for u in users if _may_read(u, comment, evaluation)]
        created += notify(readers, Kind.MENTION, evaluation, link=link, context=context,
                          key=key, actor=actor)  # fmt: skip
    return created


def _may_read(user, comment: Comment, evaluation: Evaluation) -> bool:
    if not may_be_told(user, evaluation):
        return False
    return not comment.internal or comment.layer in internal_comment_layers(user, evaluation)


# --- deadlines ------------------------------------------------------------------------------
def _threshold(days_left: int) -> int | None:
    """The reminder due at `days_left`: the nearest of 14, 7 and 1 not yet passed, so that a
    day the daily run missed is caught up the next day (and never a later reminder twice)."""
    if days_left < 0 or days_left > max(DEADLINE_DAYS):
        return None
    return min(d for d in DEADLINE_DAYS if d >= days_left)


def deadline_notices(today: date) -> list:
    """The daily run: remind those whose move is due of the instansi's internal deadline and of
    the national one, 14, 7 and 1 days before. Idempotent (one key per evaluation, deadline and
    reminder): a reminder already sent to its people is not looked at again."""
    years = (today.year - 1, today.year, today.year + 1)
    national = {y: default_national_deadline(y) for y in years}
    national.update(NationalDeadline.objects.filter(year__in=years).values_list("year", "date"))
    internal = {
        (instansi, year): day
        for instansi, year, day in InstansiDeadline.objects.filter(year__in=years).values_list(
            "instansi_id", "year", "date"
        )
        if _threshold((day - today).days) is not None
    }
    # Only the evaluations with a deadline in the next 14 days.
    near = Q(year__in=[y for y, day in national.items() if _threshold((day - today).days)])
    for instansi, year in internal:
        near |= Q(unit__instansi_id=instansi, year=year)
    rows = Evaluation.objects.filter(near, stage__in=list(DUE_BEFORE_NATIONAL)).select_related(
        "unit__instansi"
    )
    due_now = []
    for evaluation in rows.order_by("pk"):
        deadlines = [("national", national[evaluation.year], DUE_BEFORE_NATIONAL)]
        own = internal.get((evaluation.unit.instansi_id, evaluation.year))
        if own is not None:
            deadlines.append(("instansi", own, DUE_BEFORE_INTERNAL))
        for which, day, due in deadlines:
            threshold = _threshold((day - today).days)
            if threshold is None or evaluation.stage not in due:
                continue
            step = due[evaluation.stage][0]
            key = f"deadline:{evaluation.pk}:{which}:{day.isoformat()}:{threshold}:{step}"
            due_now.append((evaluation, which, day, due[evaluation.stage], key))
    sent = set(
        Notification.objects.filter(
            kind=Kind.DEADLINE, key__in=[key for *_rest, key in due_now]
        ).values_list("key", flat=True)
    )
    created = []
    for evaluation, which, day, (step, roles), key in due_now:
        if key in sent:
            continue
        context = {
            **_facts(evaluation, None), "which": which, "date": day.isoformat(),
            "days": (day - today).days, "step": step,
        }  # fmt: skip
        told = people(evaluation, roles)
        if told:
            created += notify(told, Kind.DEADLINE, evaluation, link=_link(evaluation),
                              context=context, key=key)  # fmt: skip
    return created
