"""Every list of Zona as CSV or XLSX (`zona.core.tabular`): the screen's columns, the same filters
and the same access rules, plus raw values (ids, codes, unrounded scores) useful in a spreadsheet.

Each export costs a fixed number of queries however many rows it has: rows come from one query
(with the stored scores as subqueries), never one query per row.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.accounts.access import may_manage_people, role_assignments_for
from zona.core.tabular import table_response
from zona.evaluations import presenters
from zona.evaluations.access import get_evaluation_for
from zona.evaluations.models import AnswerChange, Evaluation, Layer, Stage
from zona.evaluations.views_lists import DEFAULT_SORT, SORTS, list_filters, with_scores
from zona.orgs.access import get_instansi_for, instansi_for, units_for
from zona.orgs.models import InstansiKind, Predicate, PredicateAward


def _stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


def _score(value) -> Decimal | None:
    """A stored score as stored (4 decimals): SQLite hands subquery results back as floats."""
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --- evaluations ---------------------------------------------------------------------------------
@login_required
def evaluations(request: HttpRequest, fmt: str) -> HttpResponse:
    user = request.user
    visible = Evaluation.objects.visible_to(user)
    sort = request.GET.get("sort") or DEFAULT_SORT
    if sort.removeprefix("-") not in SORTS:
        sort = DEFAULT_SORT
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    _chosen, _choices, condition = list_filters(request)
    rows = with_scores(visible.filter(condition), user)
    ordering = [
        F(f).desc(nulls_last=True) if descending else F(f).asc(nulls_last=True)
        for f in SORTS[key]
        if key != "stage"
    ]
    rows = rows.order_by(*ordering, "unit__name", "pk").values_list(
        "pk", "unit__name", "unit__instansi__name", "year", "target", "stage",
        "unit_total", "tpi_total", "tpn_total", "unit_predicate", "tpi_predicate",
        "tpn_predicate", "framework__code", "framework__version", "unit_id",
    )  # fmt: skip
    if key == "stage":  # in the order of the process, as the screen sorts it
        order = {s: i for i, s in enumerate(Stage)}
        rows = sorted(rows, key=lambda r: order[r[5]], reverse=descending)
    stages, targets = dict(Stage.choices), dict(Predicate.choices)
    headers = [
        _("Unit kerja"), _("Instansi"), _("Year"), _("Target"), _("Stage"), _("Unit score"),
        _("TPI score"), _("TPN score"), _("Unit predicate"), _("TPI predicate"),
        _("TPN predicate"), _("Stage code"), _("LKE framework"), _("Evaluation ID"), _("Unit ID"),
    ]  # fmt: skip

    def line(row) -> list:
        (pk, unit, instansi, year, target, stage, unit_total, tpi_total, tpn_total,
         unit_pred, tpi_pred, tpn_pred, code, version, unit_id) = row  # fmt: skip
        return [
            unit, instansi, year, str(targets[target]), str(stages[stage]),
            _score(unit_total), _score(tpi_total), _score(tpn_total),
            unit_pred or "", tpi_pred or "", tpn_pred or "",
            stage, f"{code}@{version}", pk, unit_id,
        ]  # fmt: skip

    body = (line(row) for row in rows)
    return table_response(fmt, f"evaluasi-{_stamp()}", headers, body, title=_("Evaluations"))


# --- organisations ---------------------------------------------------------------------------
@login_required
def instansi_list(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = (
        instansi_for(request.user)
        .annotate(unit_count=Count("units"))
        .order_by("name")
        .values_list("pk", "name", "short_name", "kind", "region", "unit_count")
    )
    kinds = dict(InstansiKind.choices)
    headers = [_("Name"), _("Kind"), _("Province"), _("Units"), _("Short name"),
               _("Kind code"), _("Instansi ID")]  # fmt: skip
    body = (
        [name, str(kinds.get(kind, kind)), region, count, short, kind, pk]
        for pk, name, short, kind, region, count in rows
    )
    return table_response(fmt, f"instansi-{_stamp()}", headers, body, title=_("Instansi"))


@login_required
def units(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    instansi = get_instansi_for(request.user, pk)
    rows = (
        units_for(request.user)
        .filter(instansi=instansi)
        .order_by("name")
        .prefetch_related(
            Prefetch("awards", queryset=PredicateAward.objects.order_by("-year"), to_attr="history")
        )
    )
    headers = [_("Unit"), _("Under"), _("Echelon"), _("Type"), _("Predicate history"),
               _("Delivers public services"), _("Unit ID")]  # fmt: skip

    def history(unit) -> str:
        revoked = _("revoked")
        return "; ".join(
            f"{a.predicate} {a.year}{f' ({revoked})' if a.revoked else ''}" for a in unit.history
        )

    body = [
        [u.name, u.parent.name if u.parent else "", u.get_echelon_display(), str(u.unit_type),
         history(u), u.public_service, u.pk]
        for u in rows
    ]  # fmt: skip
    name = f"unit-{instansi.short_name or instansi.pk}-{_stamp()}".replace(" ", "-")
    return table_response(fmt, name, headers, body, title=_("Units"))


def register(request: HttpRequest, fmt: str) -> HttpResponse:
    """The public register, with the filters of its page (no login: it is public)."""
    rows = PredicateAward.objects.all()
    get = request.GET
    year, predicate = get.get("tahun", ""), get.get("predikat", "")
    kind, query = get.get("jenis", ""), get.get("q", "").strip()
    if year.isdigit():
        rows = rows.filter(year=int(year))
    if predicate in Predicate.values:
        rows = rows.filter(predicate=predicate)
    if kind in InstansiKind.values:
        rows = rows.filter(unit__instansi__kind=kind)
    if query:
        rows = rows.filter(
            Q(unit__name__icontains=query) | Q(unit__instansi__name__icontains=query)
        )
    rows = rows.order_by("-year", "unit__instansi__name", "unit__name").values_list(
        "year", "unit__name", "unit__instansi__name", "predicate", "decree_number",
        "decree_date", "revoked", "revoked_on",
    )  # fmt: skip
    names = dict(Predicate.choices)
    headers = [_("Year"), _("Unit"), _("Instansi"), _("Predicate"), _("Decree"),
               _("Decree date"), _("Revoked"), _("Revoked on"), _("Predicate code")]  # fmt: skip
    body = (
        [y, unit, inst, str(names[p]), number, date, revoked, revoked_on, p]
        for y, unit, inst, p, number, date, revoked, revoked_on in rows
    )
    return table_response(fmt, f"register-predikat-{_stamp()}", headers, body, title=_("Register"))


# --- people ----------------------------------------------------------------------------------
@login_required
def people(request: HttpRequest, fmt: str) -> HttpResponse:
    if not may_manage_people(request.user):
        raise Http404
    rows = role_assignments_for(request.user).order_by(
        "user__last_name", "user__first_name", "user__username", "role"
    )
    headers = [_("Person"), _("Username"), _("E-mail"), _("Role"), _("Scope"), _("Role code"),
               _("Active")]  # fmt: skip
    body = (
        [a.user.get_full_name() or a.user.username, a.user.username, a.user.email,
         a.get_role_display(), a.scope_label, a.role, a.user.is_active]
        for a in rows
    )  # fmt: skip
    return table_response(fmt, f"orang-{_stamp()}", headers, body, title=_("Roles"))


# --- the history of a question (its audit trail) ------------------------------------------------
@login_required
def question_history(request: HttpRequest, pk: int, question: str, fmt: str) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    q = evaluation.framework.framework().questions.get(question)
    if q is None:
        raise Http404
    viewer = presenters.viewer_for(request.user, evaluation)
    rows = (
        AnswerChange.objects.filter(evaluation=evaluation, question=q.no, layer__in=viewer.layers)
        .order_by("-at", "-id")
        .values_list("at", "by__username", "by__first_name", "by__last_name", "layer",
                     "before_value", "after_value", "before_note", "after_note")
    )  # fmt: skip
    language = presenters.lang()
    layers = dict(Layer.choices)
    headers = [_("Time"), _("By"), _("Layer"), _("Before"), _("After"), _("Note before"),
               _("Note after"), _("Username")]  # fmt: skip
    body = (
        [at, f"{first or ''} {last or ''}".strip() or username or "", str(layers[layer]),
         presenters.display_answer(q, before, language),
         presenters.display_answer(q, after, language), before_note, after_note, username or ""]
        for at, username, first, last, layer, before, after, before_note, after_note in rows
    )  # fmt: skip
    name = f"riwayat-{evaluation.pk}-{q.no}-{_stamp()}"
    return table_response(fmt, name, headers, body, title=_("History"))
