"""Answers of an evaluation: read in the layers the caller may read; write in the caller's
layer with the version read (optimistic locking: a stale write answers 409 with the newer
answer, never overwrites it)."""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from zona.evaluations import actions
from zona.evaluations.access import get_evaluation_for, visible_layers, writable_layer
from zona.evaluations.models import Answer, Evaluation, Layer

from ..errors import ApiError
from ..pagination import Page, PageParams, paginate
from ..types import Id, QuestionNo, text

router = Router(tags=["answers"])
MAX_ANSWERS = 500  # three layers of the largest LKE fit one page


class AnswerOut(Schema):
    question: str
    layer: Layer
    value: str | None = Field(description='Normalised: "ya", "b", "3.62"; null = unanswered.')
    note: str
    version: int = Field(description="Send it back when writing; 0 = never saved.")
    updated_at: datetime | None
    updated_by: str | None


class AnswerIn(Schema):
    value: text(40) | int | float | None = Field(
        description='"ya"/"tidak", a letter "a"–"e", a number (3.62 or "3,62"); null clears.'
    )
    note: text(10_000) = ""
    version: int = Field(ge=0, le=2_147_483_647, description="The version you read.")


class AnswerFilters(Schema):
    layer: Layer | None = None
    question: QuestionNo | None = None
    limit: int = Field(MAX_ANSWERS, ge=1, le=MAX_ANSWERS)
    offset: int = Field(0, ge=0, le=10_000_000)


def _out(row: Answer, username: str | None) -> dict:
    return {
        "question": row.question, "layer": row.layer, "value": row.value or None,
        "note": row.note, "version": row.version,
        "updated_at": row.updated_at if row.version else None, "updated_by": username,
    }  # fmt: skip


def _question(evaluation: Evaluation, number: str) -> str:
    if evaluation.framework.framework().questions.get(number) is None:
        raise Http404
    return number


@router.get("/{evaluation_id}/answers", response=Page[AnswerOut], summary="Answers, all layers")
def list_answers(request, evaluation_id: Id, filters: Query[AnswerFilters]):
    evaluation = get_evaluation_for(request.user, evaluation_id)
    layers = visible_layers(request.user, evaluation)
    if filters.layer is not None:
        layers = [layer for layer in layers if layer == filters.layer]
    rows = Answer.objects.filter(evaluation=evaluation, layer__in=layers).select_related(
        "updated_by"
    )
    if filters.question:
        rows = rows.filter(question=filters.question)
    page = paginate(rows.order_by("layer", "question", "pk"), PageParams.model_construct(
        limit=filters.limit, offset=filters.offset))  # fmt: skip
    page["items"] = [
        _out(a, a.updated_by.get_username() if a.updated_by else None) for a in page["items"]
    ]
    return page


@router.get(
    "/{evaluation_id}/answers/{question}", response=AnswerOut,
    summary="One answer in one layer (default: the caller's, else the unit's)",
)  # fmt: skip
def get_answer(request, evaluation_id: Id, question: QuestionNo, layer: Layer | None = None):
    evaluation = get_evaluation_for(request.user, evaluation_id)
    number = _question(evaluation, question)
    layers = visible_layers(request.user, evaluation)
    layer = layer or writable_layer(request.user, evaluation) or Layer.UNIT
    if layer not in layers:
        raise Http404
    row = Answer.objects.filter(evaluation=evaluation, question=number, layer=layer).select_related(
        "updated_by"
    ).first() or Answer(evaluation=evaluation, question=number, layer=layer)
    return _out(row, row.updated_by.get_username() if row.updated_by_id else None)


@router.put(
    "/{evaluation_id}/answers/{question}", response=AnswerOut,
    summary="Save an answer in the caller's layer",
)  # fmt: skip
def put_answer(request, evaluation_id: Id, question: QuestionNo, data: AnswerIn):
    """409 `stale_answer` when someone saved the answer after you read it: `details.current`
    holds their value and version (save again with that version to replace it). 422
    `invalid_answer` when the value is not an answer of the question's type."""
    evaluation = get_evaluation_for(request.user, evaluation_id)
    number = _question(evaluation, question)
    layer = writable_layer(request.user, evaluation)
    if layer is None:
        raise ApiError(403, "layer_closed", _(
            "No layer of this evaluation is open to you at the stage “%(stage)s”."
        ) % {"stage": evaluation.get_stage_display()})  # fmt: skip
    raw = "" if data.value is None else str(data.value)
    saved = actions.save_answer(request.user, evaluation, number, layer, raw, data.note,
                                data.version)  # fmt: skip
    return _out(saved, saved.updated_by.get_username() if saved.updated_by_id else None)
