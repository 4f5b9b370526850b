"""Who may see an evaluation, which layers of it, and write in which layer. One place."""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from zona.accounts.models import Role
from zona.frameworks.models import FrameworkVersion
from zona.orgs.access import reach
from zona.orgs.models import Instansi, UnitKerja

from .models import Evaluation, Layer, Stage

NATIONAL_STAGES = (Stage.PROPOSED, Stage.TPN_DESK, Stage.TPN_FIELD, Stage.DECIDED, Stage.CLOSED)
AFTER_DECISION = (Stage.DECIDED, Stage.CLOSED)
TPI_STAGES = (Stage.TPI_REVIEW, Stage.RETURNED, Stage.TPI_FINAL, *NATIONAL_STAGES)


def _roles(user) -> dict[str, frozenset]:
    """role → instansi ids or unit ids (or {None} for national roles), from `reach`."""
    return reach(user).roles


def evaluations_for(user) -> QuerySet[Evaluation]:
    if not user.is_authenticated:
        return Evaluation.objects.none()
    r = reach(user)
    # The framework's YAML source (~100 KB) is read through FrameworkVersion.framework() from
    # a per-process cache; never load it with every evaluation.
    rows = Evaluation.objects.select_related("unit", "unit__instansi", "framework").defer(
        "framework__source"
    )
    if r.everything:
        return rows
    visible = Q(unit__instansi_id__in=r.instansi_ids) | Q(unit_id__in=r.unit_ids)
    if Role.TPN_EVALUATOR in _roles(user):
        visible |= Q(stage__in=NATIONAL_STAGES)
    return rows.filter(visible)


def _columns(model, skip: tuple[str, ...] = ()) -> list:
    return [f for f in model._meta.concrete_fields if f.name not in skip]


@cache
def _one_evaluation_sql() -> tuple[str, tuple[tuple[type, list], ...]]:
    """`SELECT` of one evaluation with its unit, instansi and framework version (without the
    framework's ~100 KB YAML source: it is parsed once per process from its own query)."""
    q = connection.ops.quote_name
    parts = (
        ("e", Evaluation, _columns(Evaluation)),
        ("u", UnitKerja, _columns(UnitKerja)),
        ("i", Instansi, _columns(Instansi)),
        ("f", FrameworkVersion, _columns(FrameworkVersion, skip=("source",))),
    )
    select = ", ".join(f"{alias}.{q(f.column)}" for alias, _m, fields in parts for f in fields)
    table = {alias: q(model._meta.db_table) for alias, model, _f in parts}
    pk = {alias: q(model._meta.pk.column) for alias, model, _f in parts}

    def fk(model, name: str) -> str:
        return q(model._meta.get_field(name).column)

    sql = (
        f"SELECT {select} FROM {table['e']} e"
        f" INNER JOIN {table['u']} u ON u.{pk['u']} = e.{fk(Evaluation, 'unit')}"
        f" INNER JOIN {table['i']} i ON i.{pk['i']} = u.{fk(UnitKerja, 'instansi')}"
        f" INNER JOIN {table['f']} f ON f.{pk['f']} = e.{fk(Evaluation, 'framework')}"
        f" WHERE e.{pk['e']} = %s"
    )
    return sql, tuple((model, fields) for _a, model, fields in parts)


def _one_evaluation(pk: int) -> Evaluation | None:
    """What `evaluations_for(...).filter(pk=pk)` loads, from plain SQL: compiling that query
    with its joins and deferred column took longer than running it, on every request."""
    sql, parts = _one_evaluation_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [int(pk)])
        row = cursor.fetchone()
    if row is None:
        return None
    objects, at = [], 0
    for model, fields in parts:
        values = [db_value(f, v) for f, v in zip(fields, row[at : at + len(fields)], strict=True)]
        objects.append(model.from_db(connection.alias, [f.attname for f in fields], values))
        at += len(fields)
    evaluation, unit, instansi, framework = objects
    UnitKerja.instansi.field.set_cached_value(unit, instansi)
    Evaluation.unit.field.set_cached_value(evaluation, unit)
    Evaluation.framework.field.set_cached_value(evaluation, framework)
    return evaluation


def db_value(field, value):
    """A column's value from plain SQL, converted as the ORM would (SQLite returns dates as
    text, booleans as integers). Also used by the stage panel's query."""
    col = field.cached_col
    for convert in connection.ops.get_db_converters(col) + field.get_db_converters(connection):
        value = convert(value, col, connection)
    return value


def _sees(r, evaluation: Evaluation) -> bool:
    """`evaluations_for`'s filter, for one fetched row: the two must say the same."""
    if r.everything:
        return True
    if evaluation.unit.instansi_id in r.instansi_ids or evaluation.unit_id in r.unit_ids:
        return True
    return Role.TPN_EVALUATOR in r.roles and evaluation.stage in NATIONAL_STAGES


def get_evaluation_for(user, pk: int) -> Evaluation:
    # Fetch by primary key and check the reach on the row, rather than compose and compile
    # `evaluations_for`'s OR of filters on every request.
    if not user.is_authenticated:
        raise Http404
    r = reach(user)
    found = _one_evaluation(pk)
    if found is None or not _sees(r, found):
        raise Http404
    return found


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


def visible_layers(user, evaluation: Evaluation) -> list[str]:
    """The layers a person may read. The TPI's answers and notes stay hidden from the unit until
    the TPI releases them; the TPN's are for the national team until the decision."""
    r = reach(user)
    if r.everything or _is_tpn(user):
        return [Layer.UNIT, Layer.TPI, Layer.TPN]
    layers = [Layer.UNIT]
    instansi_side = evaluation.unit.instansi_id in r.instansi_ids  # coordinator, TPI, pimpinan
    if instansi_side or evaluation.tpi_released:
        layers.append(Layer.TPI)
    if evaluation.stage in AFTER_DECISION:
        layers.append(Layer.TPN)
    return layers


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
        return Layer.TPI
    if stage in (Stage.TPN_DESK, Stage.TPN_FIELD) and _is_tpn(user):
        return Layer.TPN
    return None


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
