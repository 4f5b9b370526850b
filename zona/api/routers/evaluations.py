"""Evaluations: list and read within reach (scores of the layers the caller may read), start
one, move it between stages. Every rule is the actions' and the access functions'."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Query, Router, Schema, Status
from pydantic import Field

from zona.evaluations import actions
from zona.evaluations.access import get_evaluation_for, visible_layers
from zona.evaluations.access import writable_layer as writable_layer_for
from zona.evaluations.models import Evaluation, Layer, LayerScore, Stage
from zona.orgs.access import get_unit_for
from zona.orgs.models import Predicate

from ..pagination import Page, PageParams, paginate
from ..types import Id, IsoDate, text

router = Router(tags=["evaluations"])

MoveName = Literal[tuple(actions.TRANSITIONS)]  # type: ignore[valid-type]


class EvaluationOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    instansi_id: int
    year: int
    target: Predicate
    stage: Stage
    tpi_tier: int | None = Field(
        None,
        description="Where the instansi reviews in TPI tiers: the tier (1 = the first) the "
        "evaluation sits at during TPI review; null otherwise.",
    )
    framework: str = Field(description="code@version of the pinned LKE framework")
    decided_predicate: Predicate | None
    created_at: datetime
    stage_changed_at: datetime


class ScoreOut(Schema):
    total: Decimal | None = Field(description="null where the official workbook shows no number")
    pengungkit: Decimal | None
    hasil: Decimal | None
    predicate: Predicate | None
    answered: int
    provisional: int = Field(description="Unanswered questions: 0 when the score is final.")
    not_computable: dict[str, str] = Field(
        description="Node code → why it cannot be computed yet: missing_input, zero_denominator."
    )
    areas: dict[str, float | None]
    weights_provisional: bool = Field(
        description="The pinned framework marks some weights provisional (see its "
        "provisional_weights): the score rests on them."
    )
    updated_at: datetime


class StageChangeOut(Schema):
    from_stage: Stage
    to_stage: Stage
    note: str
    at: datetime
    by: str | None
    step: str = Field("", description="A move within the TPI tiers (confirm_tier, pass_up, …).")
    from_tier: int | None = None
    to_tier: int | None = None


class EvaluationDetail(EvaluationOut):
    previous_predicate: Predicate | None
    tpi_released: bool
    decree_number: str
    decree_date: date | None
    layers: list[Layer] = Field(description="The layers the caller may read.")
    writable_layer: Layer | None = Field(description="The layer the caller answers in now.")
    moves: list[str] = Field(description="The stage moves the caller may make now.")
    scores: dict[str, ScoreOut] = Field(description="Score per readable layer.")
    history: list[StageChangeOut]


class EvaluationFilters(PageParams):
    instansi: Id | None = None
    unit: Id | None = None
    year: int | None = Field(None, ge=2010, le=2100)
    stage: Stage | None = None
    target: Predicate | None = None


class EvaluationIn(Schema):
    unit_id: Id
    year: int = Field(ge=2015, le=2100)
    target: Predicate


class MoveIn(Schema):
    move: MoveName  # type: ignore[valid-type]
    note: text(5000) = ""
    predicate: Predicate | None = Field(None, description="decide: the predicate, or none")
    decree_number: text(150, description="decide: the decree's number") = ""
    decree_date: IsoDate | None = Field(None, description="decide: the decree's date")


def evaluation_out(e: Evaluation) -> dict:
    return {
        "id": e.pk, "unit_id": e.unit_id, "unit_name": e.unit.name,
        "instansi_id": e.unit.instansi_id, "year": e.year, "target": e.target,
        "stage": e.stage, "tpi_tier": e.tpi_tier,
        "framework": f"{e.framework.code}@{e.framework.version}",
        "decided_predicate": e.decided_predicate or None, "created_at": e.created_at,
        "stage_changed_at": e.stage_changed_at,
    }  # fmt: skip


def _score_out(row: LayerScore, framework) -> dict:
    blocked = row.not_computable or {}
    roots = {framework.nodes[c].role: c for c in framework.roots}
    areas = row.area_values(framework)
    return {
        "total": row.total_or_none,
        "pengungkit": None if roots["pengungkit"] in blocked else row.pengungkit,
        "hasil": None if roots["hasil"] in blocked else row.hasil,
        "predicate": row.predicate or None, "answered": row.answered,
        "provisional": max(len(framework.questions) - row.answered, 0),
        "not_computable": blocked, "areas": areas, "updated_at": row.updated_at,
        "weights_provisional": bool(framework.provisional_marks),
    }  # fmt: skip


def evaluation_detail(user, e: Evaluation) -> dict:
    layers = visible_layers(user, e)
    scores = LayerScore.objects.filter(evaluation=e, layer__in=layers)
    framework = e.framework.framework()
    history = e.moves.select_related("by")
    return {
        **evaluation_out(e),
        "previous_predicate": e.previous_predicate or None,
        "tpi_released": e.tpi_released,
        "decree_number": e.decree_number,
        "decree_date": e.decree_date,
        "layers": layers,
        "writable_layer": writable_layer_for(user, e),
        "moves": actions.available_moves(user, e),
        "scores": {row.layer: _score_out(row, framework) for row in scores},
        "history": [
            {"from_stage": m.from_stage, "to_stage": m.to_stage, "note": m.note, "at": m.at,
             "by": m.by.get_username() if m.by else None, "step": m.step,
             "from_tier": m.from_tier, "to_tier": m.to_tier}
            for m in history
        ],
    }  # fmt: skip


@router.get("", response=Page[EvaluationOut], summary="List evaluations within reach")
def list_evaluations(request, filters: Query[EvaluationFilters]):
    rows = (
        Evaluation.objects.visible_to(request.user)
        .with_related()
        .order_by("-year", "unit__name", "pk")
    )
    for field, value in (
        ("unit__instansi_id", filters.instansi), ("unit_id", filters.unit),
        ("year", filters.year), ("stage", filters.stage), ("target", filters.target),
    ):  # fmt: skip
        if value is not None:
            rows = rows.filter(**{field: value})
    page = paginate(rows, filters)
    page["items"] = [evaluation_out(e) for e in page["items"]]
    return page


@router.get("/{evaluation_id}", response=EvaluationDetail, summary="One evaluation, with scores")
def get_evaluation(request, evaluation_id: Id):
    return evaluation_detail(request.user, get_evaluation_for(request.user, evaluation_id))


@router.post("", response={201: EvaluationDetail}, summary="Start an evaluation")
def create_evaluation(request, data: EvaluationIn):
    unit = get_unit_for(request.user, data.unit_id)
    created = actions.create_evaluation(request.user, unit, data.year, data.target)
    return Status(
        201, evaluation_detail(request.user, get_evaluation_for(request.user, created.pk))
    )


@router.post("/{evaluation_id}/moves", response=EvaluationDetail, summary="Move to a stage")
def move_evaluation(request, evaluation_id: Id, data: MoveIn):
    """Refused moves answer 409 `refused` with the reason (wrong stage, deadline passed, TPI
    score short of the target's conditions, a decision without its decree…); a move the
    caller's roles do not allow answers 403."""
    evaluation = get_evaluation_for(request.user, evaluation_id)
    details = {}
    if data.move == "decide":
        details = {
            k: v for k, v in (("predicate", data.predicate), ("decree_number", data.decree_number),
                              ("decree_date", data.decree_date)) if v
        }  # fmt: skip
    moved = actions.move(request.user, evaluation, data.move, data.note, **details)
    return evaluation_detail(request.user, get_evaluation_for(request.user, moved.pk))
