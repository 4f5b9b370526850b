"""Who may see an evaluation, which layers of it, and write in which layer. One place."""

from __future__ import annotations

from collections.abc import Collection
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from zona.accounts.models import Role
from zona.orgs.access import Reach, reach, units_for
from zona.orgs.models import UnitKerja

from .models import Evaluation, Layer, Stage
from .tiers import Tier, current_tier

NATIONAL_STAGES = (Stage.PROPOSED, Stage.TPN_DESK, Stage.TPN_FIELD, Stage.DECIDED, Stage.CLOSED)
AFTER_DECISION = (Stage.DECIDED, Stage.CLOSED)
TPI_STAGES = (Stage.TPI_REVIEW, Stage.RETURNED, Stage.TPI_FINAL, *NATIONAL_STAGES)
LAYERS = (Layer.UNIT, Layer.TPI, Layer.TPN)


def _roles(user) -> dict[str, frozenset]:
    """role → instansi ids or unit ids (or {None} for national roles), from `reach`."""
    return reach(user).roles


def visibility(user) -> Q | None:
    """The rule of who sees an evaluation, as a filter (None: every evaluation). Read through
    `Evaluation.objects.visible_to(user)`; nothing else filters evaluations by person."""
    r = reach(user)
    if r.everything:
        return None
    visible = Q(unit__instansi_id__in=r.instansi_ids) | Q(unit_id__in=r.unit_ids)
    if Role.TPN_EVALUATOR in r.roles:
        visible |= Q(stage__in=NATIONAL_STAGES)
    return visible


def get_evaluation_for(user, pk: int) -> Evaluation:
    """One evaluation the person sees, with its unit, instansi and framework version (404
    otherwise, as if it did not exist)."""
    return get_object_or_404(Evaluation.objects.visible_to(user).with_related(), pk=pk)


def creatable_units(user) -> QuerySet[UnitKerja]:
    """Units in which this person may start an evaluation (unit team, coordinator)."""
    r = reach(user)
    units = units_for(user)
    if r.everything:
        return units
    # Only the unit roles have a unit, so `unit_ids` is the person's unit teams.
    return units.filter(pk__in=r.unit_ids) | units.filter(instansi_id__in=r.managed_instansi_ids)


def db_value(field, value):
    """A column's value from plain SQL, converted as the ORM would (SQLite returns dates as
    text, booleans as integers). Used by the stage panel's query."""
    col = field.cached_col
    for convert in connection.ops.get_db_converters(col) + field.get_db_converters(connection):
        value = convert(value, col, connection)
    return value


def _is_unit_team(user, evaluation: Evaluation) -> bool:
    roles = _roles(user)
    return evaluation.unit_id in roles.get(Role.UNIT_MEMBER, set()) | roles.get(
        Role.UNIT_LEAD, set()
    )


def _is_tpi(user, evaluation: Evaluation) -> bool:
    roles = _roles(user)
    instansi = evaluation.unit.instansi_id
    return instansi in roles.get(Role.TPI_EVALUATOR, set()) | roles.get(Role.TPI_LEAD, set())


def _is_tpn(user) -> bool:
    return Role.TPN_EVALUATOR in _roles(user)


# A layer's rule: None (shown wherever the evaluation is), or alternatives — a field path of
# the evaluation and the values that open the layer — of which one must hold. Written once as
# data, read as a filter by the lists and on one evaluation by the pages, exports and the API.
LayerRule = tuple[tuple[str, Collection], ...] | None


def _layer_rules(r: Reach) -> dict[str, LayerRule]:
    """The TPI's answers and notes stay hidden from the unit until the TPI releases them; the
    TPN's are for the national team until the decision."""
    if r.everything or Role.TPN_EVALUATOR in r.roles:
        return dict.fromkeys(LAYERS)
    return {
        Layer.UNIT: None,
        # The instansi's coordinator, TPI and leadership follow the TPI's work as it is done.
        Layer.TPI: (("unit__instansi_id", r.instansi_ids), ("tpi_released", (True,))),
        Layer.TPN: (("stage", AFTER_DECISION),),
    }


def layer_conditions(user) -> dict[str, Q | None]:
    """Per layer: None (every evaluation the person sees shows it), or the filter of the
    evaluations that show it — `visible_layers` for a whole query at once."""
    conditions = {}
    for layer, rule in _layer_rules(reach(user)).items():
        if rule is None:
            conditions[layer] = None
            continue
        alternatives = [Q(**{f"{path}__in": list(values)}) for path, values in rule if values]
        conditions[layer] = reduce(or_, alternatives) if alternatives else Q(pk__in=[])
    return conditions


def layer_signature(user) -> tuple:
    """What decides which layers this person sees, as a value to key a cache on: two people
    with the same signature see the same layers of every evaluation."""
    return tuple(
        (layer, None if rule is None else tuple((path, tuple(sorted(v))) for path, v in rule))
        for layer, rule in _layer_rules(reach(user)).items()
    )


def _value(evaluation: Evaluation, path: str):
    for name in path.split("__"):
        evaluation = getattr(evaluation, name)
    return evaluation


def visible_layers(user, evaluation: Evaluation) -> list[str]:
    """The layers a person may read of this evaluation (by `_layer_rules`)."""
    return [
        layer
        for layer, rule in _layer_rules(reach(user)).items()
        if rule is None or any(_value(evaluation, path) in values for path, values in rule)
    ]


def internal_comment_layers(user, evaluation: Evaluation) -> frozenset[str]:
    """The layers whose internal comments this person may read. Evaluators' internal comments
    stay hidden from the unit (and the instansi's other roles) until the TPI releases its notes;
    the TPN's until the decision."""
    layers = visible_layers(user, evaluation)
    tpi = has_role_for(user, evaluation, Role.TPI_EVALUATOR) or has_role_for(
        user, evaluation, Role.TPI_LEAD
    )
    tpn = has_role_for(user, evaluation, Role.TPN_EVALUATOR)
    internal = set()
    if Layer.TPI in layers and (tpi or tpn or evaluation.tpi_released):
        internal.add(Layer.TPI)
    if Layer.TPN in layers and (tpn or evaluation.stage in AFTER_DECISION):
        internal.add(Layer.TPN)
    return frozenset(internal)


def writable_layer(user, evaluation: Evaluation) -> str | None:
    """The layer this person answers in now, or None: each layer is open in its own stages."""
    stage = evaluation.stage
    if stage in (Stage.DRAFT, Stage.RETURNED) and _is_unit_team(user, evaluation):
        return Layer.UNIT
    if stage == Stage.TPI_REVIEW and _is_tpi(user, evaluation):
        # In a tiered review only the people of the tier it sits at answer.
        tier = current_tier(evaluation)
        return Layer.TPI if tier is None or holds_tier(user, evaluation, tier) else None
    if stage in (Stage.TPN_DESK, Stage.TPN_FIELD) and _is_tpn(user):
        return Layer.TPN
    return None


def holds_tier(user, evaluation: Evaluation, tier: Tier) -> bool:
    """Whether the person acts at this tier of the evaluation's TPI review: assigned to it and
    still holding a TPI role in the instansi (a system administrator acts at any tier, as they
    may make any move)."""
    if reach(user).everything:
        return True
    return user.pk in tier.members and _is_tpi(user, evaluation)


def may_comment(user, evaluation: Evaluation) -> bool:
    """The unit team, the instansi coordinator and the evaluators discuss a question;
    leadership reads."""
    roles = (
        Role.UNIT_MEMBER, Role.UNIT_LEAD, Role.INSTANSI_COORDINATOR, Role.TPI_EVALUATOR,
        Role.TPI_LEAD, Role.TPN_EVALUATOR,
    )  # fmt: skip
    return any(has_role_for(user, evaluation, r) for r in roles)


def has_role_for(user, evaluation: Evaluation, role: str) -> bool:
    """Whether the person holds `role` in the scope of this evaluation."""
    if reach(user).everything:
        return True
    scope = _roles(user).get(role, frozenset())
    if role in (Role.UNIT_MEMBER, Role.UNIT_LEAD):
        return evaluation.unit_id in scope
    if role in (Role.TPN_EVALUATOR, Role.SYSADMIN):
        return bool(scope)
    return evaluation.unit.instansi_id in scope
