"""Surveys in the API (/api/v1/surveys): the surveys a person manages, their results, and the
public side — a survey's questions and anonymous submission — for kiosks and partner apps.

Results are public once a survey has opened (the LKE asks that they be open, and
/hasil-survei/ shows them to everyone), so those endpoints need no authentication. Submission
goes through the same action and abuse limits as the public page; nothing about the caller is
stored."""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from zona.api.errors import ApiError
from zona.api.pagination import Page, PageParams, paginate
from zona.api.types import Id, Search, Year, text

from . import abuse
from .access import surveys_for
from .actions import SUGGESTION_MAX, SubmissionError, submit_response
from .instruments import SERVICE
from .models import Kind, Survey
from .results import SurveyResults, results_for

router = Router(tags=["surveys"])

Code = text(12, description="The survey's public short code (the /s/<code>/ link).")


class SurveyOut(Schema):
    id: int
    code: str
    unit_id: int
    unit: str
    kind: Kind
    instrument: str
    year: int
    quarter: int | None
    period: str
    opens_on: date
    closes_on: date
    paused: bool
    requires_token: bool
    state: str = Field(description="open, paused, not_yet or closed")


class SurveyMeanOut(Schema):
    code: str
    label: str
    n: int
    mean: float | None


class SurveyStatementOut(Schema):
    code: str
    text: str
    n: int
    mean: float | None
    counts: list[int] = Field(description="How many answered 1, 2, 3 and 4.")


class SurveyGroupOut(Schema):
    code: str
    label: str
    options: list[SurveyMeanOut]


class SurveyResultsOut(Schema):
    survey: SurveyOut
    responses: int
    index: float | None = Field(description="Mean answer on the 1–4 scale.")
    sd: float | None
    margin: float | None = Field(description="± at 95 %; null below two responses.")
    target_margin: float
    responses_needed: int = Field(description="Responses needed for target_margin.")
    statements: list[SurveyStatementOut]
    groups: list[SurveyGroupOut]


class SurveyOptionOut(Schema):
    code: str
    label: str


class SurveyQuestionOut(Schema):
    code: str
    text: str
    options: list[SurveyOptionOut]


class SurveyFormOut(Schema):
    survey: SurveyOut
    scale: list[SurveyOptionOut]
    statements: list[SurveyQuestionOut]
    profile: list[SurveyQuestionOut] = Field(description="Optional questions about the respondent.")


class SurveySubmissionIn(Schema):
    answers: dict[str, int] = Field(description="Statement code → 1, 2, 3 or 4; all required.")
    profile: dict[str, text(100)] = Field(default_factory=dict)
    suggestion: text(SUGGESTION_MAX) = ""
    token: text(20) | None = None


class SurveySubmissionOut(Schema):
    received: bool
    message: str


class SurveyFilters(PageParams):
    unit: Id | None = None
    year: Year | None = None
    kind: Kind | None = None
    q: Search | None = None


def _survey_out(survey: Survey) -> dict:
    return {
        "id": survey.pk, "code": survey.code, "unit_id": survey.unit_id,
        "unit": survey.unit.name, "kind": survey.instrument.kind,
        "instrument": f"{survey.instrument.code} v{survey.instrument.version}",
        "year": survey.year, "quarter": survey.quarter, "period": survey.period_label,
        "opens_on": survey.opens_on, "closes_on": survey.closes_on, "paused": survey.paused,
        "requires_token": survey.requires_token, "state": survey.state(),
    }  # fmt: skip


def _results_out(r: SurveyResults) -> dict:
    return {
        "survey": _survey_out(r.survey), "responses": r.n, "index": r.index, "sd": r.sd,
        "margin": r.margin, "target_margin": r.target_margin, "responses_needed": r.needed,
        "statements": [
            {"code": s.code, "text": s.text, "n": s.n, "mean": s.mean, "counts": list(s.counts)}
            for s in r.statements
        ],
        "groups": [
            {"code": g.code, "label": g.label,
             "options": [{"code": o.code, "label": o.label, "n": o.n, "mean": o.mean}
                         for o in g.options]}
            for g in r.groups
        ],
    }  # fmt: skip


def _public(code: str) -> Survey:
    """A survey by its public code, once it has opened (before that it does not exist to the
    public, as on /s/<code>/)."""
    return get_object_or_404(
        Survey.objects.select_related("unit", "instrument"),
        code=code.upper(),
        opens_on__lte=timezone.localdate(),
    )


def _label(item: dict) -> str:
    """An instrument's text in the caller's language (Indonesian when it has no other)."""
    lang = (get_language() or "id")[:2]
    return item.get(lang) or item.get("id") or item.get("code", "")


@router.get("", response=Page[SurveyOut], summary="Surveys of the units within reach")
def list_surveys(request, filters: Query[SurveyFilters]):
    rows = surveys_for(request.auth)
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    if filters.year is not None:
        rows = rows.filter(year=filters.year)
    if filters.kind:
        rows = rows.filter(instrument__kind=filters.kind)
    if filters.q:
        rows = rows.filter(Q(unit__name__icontains=filters.q) | Q(code__iexact=filters.q))
    page = paginate(rows.order_by("-year", "-quarter", "unit__name", "pk"), filters)
    page["items"] = [_survey_out(s) for s in page["items"]]
    return page


@router.get(
    "/public/{code}/results", response=SurveyResultsOut, auth=None, summary="A survey's results"
)
def survey_results(request, code: Code):
    """As on the public results page: whole batches of ZONA_SURVEY_PUBLISH_BATCH responses."""
    return _results_out(results_for([_public(code)], public=True)[0])


@router.get(
    "/public/{code}",
    response=SurveyFormOut,
    auth=None,
    summary="A survey's questions, to answer it",
)
def survey_form(request, code: Code):
    survey = _public(code)
    instrument = survey.instrument
    profile = []
    for q in instrument.profile:
        if q["code"] == SERVICE:
            options = [{"code": s, "label": s} for s in survey.service_list]
        else:
            options = [{"code": o["code"], "label": _label(o)} for o in q.get("options", [])]
        profile.append({"code": q["code"], "text": _label(q), "options": options})
    scale = [{"code": str(s["value"]), "label": _label(s)} for s in instrument.definition["scale"]]
    return {
        "survey": _survey_out(survey),
        "scale": scale,
        "statements": [
            {"code": s["code"], "text": _label(s), "options": scale} for s in instrument.statements
        ],
        "profile": profile,
    }


SUBMISSION_STATUS = {"unknown": 404, "invalid": 422}


@router.post(
    "/public/{code}/responses",
    response={201: SurveySubmissionOut},
    auth=None,
    summary="Answer a survey anonymously",
)
def submit(request, code: Code, payload: SurveySubmissionIn):
    """Nothing identifying is stored: no account, address or time of day. Limited per source
    (a salted hash held only in the cache), like the public page."""
    survey = _public(code)
    if abuse.over_rate_limit(request, survey.code):
        raise ApiError(429, "throttled", _("Too many answers from here; please try again later."))
    answers = {key: str(value) for key, value in payload.answers.items()}
    try:
        submit_response(survey, answers, payload.profile, payload.suggestion, payload.token)
    except SubmissionError as refused:
        status = SUBMISSION_STATUS.get(refused.reason, 409)
        raise ApiError(
            status, f"survey_{refused.reason}", refused.message, {"fields": refused.errors}
        ) from refused
    return 201, {"received": True, "message": _("Thank you; your answer has been recorded.")}
