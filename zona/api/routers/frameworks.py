"""LKE framework versions (read): every signed-in caller, as on the screens."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema

from zona.frameworks.access import frameworks_for, get_framework_version_for
from zona.lke.registry import canonical_code
from zona.lke.serialize import provisional_weights

from ..pagination import Page, PageParams, paginate
from ..types import text

router = Router(tags=["frameworks"])


class FrameworkOut(Schema):
    code: str
    version: str
    name: str
    question_count: int
    is_active: bool
    builtin: bool
    loaded_at: datetime


class QuestionOut(Schema):
    no: str
    text: str
    type: str
    node: str
    options: list[str]
    weight: Decimal | None


class ProvisionalWeightOut(Schema):
    node: str | None = Field(description="The node marked; null: the whole framework file.")
    name: str
    note: str


class FrameworkDetail(FrameworkOut):
    legal_basis: str
    max_total: Decimal
    provisional_weights: list[ProvisionalWeightOut] = Field(
        description="Weights the file marks provisional (`confidence:`); [] when all are "
        "confirmed. Every score of an evaluation on this version rests on them."
    )
    questions: list[QuestionOut]
    deprecation: str | None = Field(
        None, description="Set when the code asked for is an old alias (lke-2019 → lke-2014)."
    )


class FrameworkFilters(PageParams):
    code: text(50) | None = None
    active: bool | None = None


@router.get("", response=Page[FrameworkOut], summary="List LKE framework versions")
def list_frameworks(request, filters: Query[FrameworkFilters]):
    rows = frameworks_for(request.user).defer("source").order_by("code", "-loaded_at")
    if filters.code:
        rows = rows.filter(code=canonical_code(filters.code)[0])
    if filters.active is not None:
        rows = rows.filter(is_active=filters.active)
    return paginate(rows, filters)


@router.get("/{code}/{version}", response=FrameworkDetail, summary="One framework version")
def get_framework(request, response: HttpResponse, code: text(50), version: text(30)):
    current, alias = canonical_code(code)
    row = get_framework_version_for(request.user, current, version)
    framework = row.framework()
    deprecation = None
    if alias:
        deprecation = f"'{alias}' is deprecated: it is '{current}' (the PermenPANRB 52/2014 LKE)"
        response["Deprecation"] = "true"
        response["Link"] = f'</api/v1/frameworks/{current}/{version}>; rel="successor-version"'
    return {
        "deprecation": deprecation,
        **{f: getattr(row, f) for f in FrameworkOut.model_fields},
        "legal_basis": framework.legal_basis,
        "max_total": framework.max_total,
        "provisional_weights": provisional_weights(framework),
        "questions": [
            {"no": q.no, "text": q.text, "type": q.type, "node": q.node,
             "options": list(q.options), "weight": q.weight}
            for q in framework.questions.values()
        ],
    }  # fmt: skip
