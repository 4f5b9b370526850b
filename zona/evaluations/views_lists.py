"""The list of evaluations a person works on: filtered, sorted, paginated, with the stored score
of each layer the person may see.

The page costs the same number of queries for 3 evaluations as for 3,000: the scores come from
`LayerScore` (a scalar subquery per layer and field, in the same query as the rows), and which
layers a row may show is decided in SQL by `access.layer_conditions` (the rule of
`access.visible_layers`), never by calling it per row.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from zona.core.content_cache import aggregate, cached
from zona.orgs.access import reach
from zona.orgs.models import Predicate

from .access import LAYERS, creatable_units, layer_conditions
from .models import Evaluation, LayerScore, Stage
from .tiers import tier_label

PER_PAGE = 50

# Sort keys offered to the person (?sort=key or ?sort=-key) → the columns they order by.
# Score columns sort by the *visible* score only: a hidden score is NULL for this person, so the
# order of the rows cannot reveal it.
SORTS = {
    "unit": ("unit__name",),
    "instansi": ("unit__instansi__name",),
    "year": ("year",),
    "stage": ("stage_rank",),
    "unit_total": ("unit_total",),
    "tpi_total": ("tpi_total",),
    "tpn_total": ("tpn_total",),
}
DEFAULT_SORT = "-year"
# The columns a row needs (not the framework's source, which select_related would bring along).
ROW_FIELDS = (
    "year", "target", "stage", "tpi_released", "tpi_tier", "unit__name", "unit__instansi__name",
    "unit__instansi__tpi_tiers",
)  # fmt: skip
COLUMNS = (
    ("unit", _("Unit kerja")),
    ("instansi", _("Instansi")),
    ("year", _("Year")),
    (None, _("Target")),
    ("stage", _("Stage")),
    ("unit_total", _("Unit score")),
    ("tpi_total", _("TPI score")),
    ("tpn_total", _("TPN score")),
)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _stored(layer: str, field: str) -> Subquery:
    """A layer's stored score; NULL while nobody has answered in it (0,00 would read as a
    judgement)."""
    return Subquery(
        LayerScore.objects.filter(evaluation=OuterRef("pk"), layer=layer)
        .filter(Q(answered__gt=0) | ~Q(total=0))
        .values(field)[:1]
    )


def _joined(rows: QuerySet, layer: str) -> tuple[QuerySet, Case]:
    """A layer's stored total through a join (as `_stored`: NULL while nobody has answered
    in it), for sorting by it: PostgreSQL then joins the scores once (a hash join) instead of
    running the scalar subquery for every row before it can sort (1 s for 20,000 rows)."""
    name = f"_{layer}_score"
    rows = rows.annotate(**{name: FilteredRelation("scores", condition=Q(scores__layer=layer))})
    total = F(f"{name}__total")
    return rows, Case(
        When(Q(**{f"{name}__answered__gt": 0}), then=total),
        When(Q(**{f"{name}__total__isnull": False}) & ~Q(**{f"{name}__total": 0}), then=total),
        default=None,
        output_field=DecimalField(max_digits=9, decimal_places=4),
    )


def with_scores(rows: QuerySet, user, joined: str | None = None) -> QuerySet:
    """Annotate `<layer>_total`, `<layer>_predicate` and `<layer>_shown` for each layer: the
    stored score when this person may see the layer of that row, else NULL.

    Scalar subqueries on LayerScore's (evaluation, layer) key rather than joins: PostgreSQL
    evaluates them after ORDER BY … LIMIT, for the 50 rows of the page only, unless the page
    is sorted by a score."""
    conditions = layer_conditions(user)
    annotations = {}
    for layer in LAYERS:
        total, predicate = _stored(layer, "total"), _stored(layer, "predicate")
        if layer == joined:
            rows, total = _joined(rows, layer)
        rule = conditions[layer]
        if rule is None:
            annotations[f"{layer}_shown"] = Value(True)
            annotations[f"{layer}_total"] = total
            annotations[f"{layer}_predicate"] = predicate
        else:
            annotations[f"{layer}_shown"] = ExpressionWrapper(rule, output_field=BooleanField())
            annotations[f"{layer}_total"] = Case(
                When(rule, then=total),
                default=None,
                output_field=DecimalField(max_digits=9, decimal_places=4),
            )
            annotations[f"{layer}_predicate"] = Case(When(rule, then=predicate), default=Value(""))
    return rows.annotate(**annotations)


def _order(rows: QuerySet, sort: str) -> QuerySet:
    key = sort.removeprefix("-")
    descending = sort.startswith("-")
    if key == "stage":
        rows = rows.alias(
            stage_rank=Case(
                *(When(stage=s, then=Value(i)) for i, s in enumerate(Stage)),
                default=Value(len(Stage)),
                output_field=IntegerField(),
            )
        )
    ordering = [
        F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True)
        for field in SORTS[key]
    ]
    # Ties broken the same way every time, so that pages neither repeat nor skip a row.
    return rows.order_by(*ordering, "unit__name", "pk")


def _choices(user, requested_instansi: int | None) -> tuple[int | None, dict]:
    """What the filters offer: only instansi and years of evaluations this person sees.
    Returns the requested instansi when it is one of them (else None) and the choices. Units
    are not offered as a list — an instansi may have thousands — but searched by name
    (`unit_lookup`)."""
    visible = Evaluation.objects.visible_to(user).order_by()

    def make() -> tuple[list, list]:
        instansi = list(
            visible.values_list("unit__instansi_id", "unit__instansi__name")
            .distinct()
            .order_by("unit__instansi__name")
        )
        return instansi, list(visible.values_list("year", flat=True).distinct().order_by("-year"))

    # Two DISTINCTs over every evaluation the person sees (130 ms for a TPN evaluator's
    # 20,000), kept in the cache while no evaluation is added, removed or moved.
    r = reach(user)
    asked = (r.everything, sorted(r.instansi_ids), sorted(r.unit_ids), sorted(r.roles))
    version = aggregate(Evaluation.objects.all(), moved=Max("stage_changed_at"))
    instansi, years = cached("list-choices", asked, version, make)
    instansi_id = (
        requested_instansi if any(pk == requested_instansi for pk, _n in instansi) else None
    )
    return instansi_id, {"instansi": instansi, "years": years}


UNIT_NAME_MAX = 100  # longer than any unit's name is useless as a search
LOOKUP_LIMIT = 20


def _unit_name(raw: str | None) -> str | None:
    text = " ".join((raw or "").split())[:UNIT_NAME_MAX]
    return text or None


def list_filters(request: HttpRequest) -> tuple[dict, dict, Q]:
    """The valid filters of the request, the choices to offer, and the condition they make.
    A value outside the person's choices is ignored, as if not given. The list's downloads
    (zona.workbook.lists) filter through this too, so a file holds what the screen shows.

    The unit is searched by a part of its name (`unit_name`, what the search field sends,
    with or without JavaScript); `unit` (an id, as links elsewhere give it) is obeyed when the
    person sees an evaluation of that unit, in the chosen instansi if one is chosen."""
    get = request.GET
    instansi_id, choices = _choices(request.user, _int(get.get("instansi")))
    unit_id, unit_name = _int(get.get("unit")), _unit_name(get.get("unit_name"))
    if unit_id is not None:
        units = Evaluation.objects.visible_to(request.user).filter(unit_id=unit_id)
        if instansi_id is not None:
            units = units.filter(unit__instansi_id=instansi_id)
        found = units.order_by().values_list("unit__name", flat=True).first()
        if found is None:
            unit_id = None
        else:
            unit_name = None  # the one unit, not every unit whose name contains its name
            choices["unit_label"] = found
    year = _int(get.get("year"))
    if year not in choices["years"]:
        year = None
    stage = get.get("stage") if get.get("stage") in Stage.values else None
    target = get.get("target") if get.get("target") in Predicate.values else None
    chosen = {"instansi": instansi_id, "unit": unit_id, "unit_name": unit_name, "year": year,
              "stage": stage, "target": target}  # fmt: skip
    fields = {"instansi": "unit__instansi_id", "unit": "unit_id",
              "unit_name": "unit__name__icontains", "year": "year", "stage": "stage",
              "target": "target"}  # fmt: skip
    condition = Q()
    for name, field in fields.items():
        if chosen[name] is not None:
            condition &= Q(**{field: chosen[name]})
    return chosen, choices, condition


@login_required
@require_GET
def unit_lookup(request: HttpRequest) -> HttpResponse:
    """Type-ahead of the list's unit filter: `<option>`s for its `<datalist>`, the first units
    (by name) whose name contains `unit_name`, among the units of the evaluations this person
    sees (within `instansi` when that is one of theirs). One query; nothing for a search under
    two characters."""
    text = _unit_name(request.GET.get("unit_name"))
    options = []
    if text is not None and len(text) >= 2:
        visible = Evaluation.objects.visible_to(request.user).order_by()
        instansi_id = _int(request.GET.get("instansi"))
        if instansi_id is not None:
            visible = visible.filter(unit__instansi_id=instansi_id)
        options = list(
            visible.filter(unit__name__icontains=text)
            .values_list("unit__name", "unit__instansi__name")
            .distinct()
            .order_by("unit__name", "unit__instansi__name")[:LOOKUP_LIMIT]
        )
    return HttpResponse(
        render_to_string("evaluations/list/_unit_options.html", {"options": options})
    )


def _may_create(user) -> bool:
    """Whether to offer "Start an evaluation". Only a unit team or a coordinator (or an
    administrator) can: for everyone else — evaluators, leadership — no query at all."""
    r = reach(user)
    if not (r.everything or r.unit_ids or r.managed_instansi_ids):
        return False
    return creatable_units(user).exists()


def _detail_url() -> tuple[str, str] | None:
    """The LKE page's URL around the pk, as (before, after): reversed once per request rather
    than once per row. None while that page does not exist."""
    marker = 987654321
    try:
        url = reverse("evaluations:detail", args=[marker])
    except NoReverseMatch:
        return None
    before, _marker, after = url.partition(str(marker))
    return before, after


@login_required
def evaluation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    chosen, choices, condition = list_filters(request)
    sort = request.GET.get("sort") or DEFAULT_SORT
    if sort.removeprefix("-") not in SORTS:
        sort = DEFAULT_SORT
    rows = (
        Evaluation.objects.visible_to(user)
        .filter(condition)
        .select_related(None)
        .select_related("unit__instansi")
        .only(*ROW_FIELDS)
    )
    # (The count leaves the unused score subqueries and the ordering out.)
    key = sort.removeprefix("-")
    joined = key.removesuffix("_total") if key.endswith("_total") else None
    page = Paginator(_order(with_scores(rows, user, joined), sort), PER_PAGE).get_page(
        request.GET.get("page")
    )
    # Labels translated once per request: get_<field>_display() translates every choice of
    # the field again for each row.
    stage_labels = {value: str(label) for value, label in Stage.choices}
    target_labels = {value: str(label) for value, label in Predicate.choices}
    detail_url = _detail_url()
    for e in page.object_list:
        e.stage_label, e.target_label = stage_labels[e.stage], target_labels[e.target]
        if e.stage == Stage.TPI_REVIEW and e.unit.instansi.tpi_tiers:  # where a tier review is
            e.stage_label = f"{e.stage_label} · {tier_label(e)}"
        # (A string per row, not markup: resolving `detail_url.0` in the template costs more.)
        e.url = f"{detail_url[0]}{e.pk}{detail_url[1]}" if detail_url else ""
        e.cells = [
            (getattr(e, f"{layer}_shown"), getattr(e, f"{layer}_total"),
             getattr(e, f"{layer}_predicate"))
            for layer in LAYERS
        ]  # fmt: skip
    current = sort.removeprefix("-")
    columns = [
        {
            "key": key,
            "label": label,
            "active": key == current,
            "descending": key == current and sort.startswith("-"),
            # A click on the sorted column turns its direction; on another, sorts ascending.
            "next": (key if sort.startswith("-") else f"-{key}") if key == current else key,
        }
        for key, label in COLUMNS
    ]
    htmx = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2),
        "columns": columns,
        "sort": sort,
        "chosen": chosen,
        "choices": choices,
        # What the unit search field shows: the text searched, or the name of the unit asked for.
        "unit_text": chosen["unit_name"] or choices.get("unit_label", ""),
        "stages": stage_labels.items(),
        "targets": target_labels.items(),
        "filtered": any(v is not None for v in chosen.values()),
        "rows": page.object_list,
        "htmx": htmx,
    }
    if htmx:
        response = render(request, "evaluations/list/_results.html", context)
    else:
        context["may_create"] = _may_create(user)
        response = render(request, "evaluations/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
