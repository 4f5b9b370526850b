"""Surveys through the API: the list follows reach; results, questions and anonymous answers
are public and go through the same rules as the public page."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from surveys.helpers import make_survey

from zona.surveys.actions import generate_tokens, load_instrument
from zona.surveys.instruments import shipped_files
from zona.surveys.models import Response

from .conftest import ApiClient


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ipak(db):
    path = next(p for p in shipped_files() if p.stem == "ipak")
    return load_instrument(None, path.read_text(encoding="utf-8"))[0]


@pytest.fixture
def survey(world, ipak):
    return make_survey(world.a1, ipak, code="KTP123")


def answers(survey, value=4):
    return {"answers": {code: value for code in survey.instrument.statement_codes}}


def url(survey, tail=""):
    return f"/api/v1/surveys/public/{survey.code}{tail}"


def test_list_follows_reach(api, world, survey, ipak):
    make_survey(world.b1, ipak, code="BBB111")
    codes = [s["code"] for s in api("lead_a1").get("/api/v1/surveys").json()["items"]]
    assert codes == ["KTP123"]
    everything = api("sysadmin").get("/api/v1/surveys", {"kind": "ipak"}).json()
    assert everything["count"] == 2
    assert api("tpn").get("/api/v1/surveys").json()["count"] == 0


def test_answer_then_results(survey, settings):
    settings.ZONA_SURVEY_PUBLISH_BATCH = 3
    public = ApiClient()
    for value in (4, 3, 3):
        response = public.post(url(survey, "/responses"), answers(survey, value))
        assert response.status_code == 201, response.content
    results = public.get(url(survey, "/results")).json()
    assert results["responses"] == 3
    assert results["index"] == pytest.approx((4 + 3 + 3) / 3)
    assert results["statements"][0]["counts"] == [0, 0, 2, 1]
    assert Response.objects.filter(survey=survey).count() == 3


def test_questions_in_the_callers_language(survey):
    indonesian = ApiClient().get(url(survey)).json()
    english = ApiClient(language="en").get(url(survey)).json()
    assert indonesian["scale"][0] == {"code": "1", "label": "Sangat tidak setuju"}
    assert english["scale"][0]["label"] == "Strongly disagree"
    assert len(indonesian["statements"]) == len(survey.instrument.statement_codes)


def test_refusals_carry_the_reason(world, ipak, survey):
    public = ApiClient()
    incomplete = {"answers": {survey.instrument.statement_codes[0]: 5}}
    response = public.post(url(survey, "/responses"), incomplete)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "survey_invalid"
    assert error["details"]["fields"][survey.instrument.statement_codes[0]]
    closed = make_survey(world.a1, ipak, code="OLD999", days_open=(-30, -1))
    response = public.post(url(closed, "/responses"), answers(closed))
    assert (response.status_code, response.json()["error"]["code"]) == (409, "survey_closed")
    assert public.get("/api/v1/surveys/public/NOPE99").status_code == 404
    assert not Response.objects.exists()


def test_not_yet_open_survey_does_not_exist_publicly(world, ipak):
    later = make_survey(world.a1, ipak, code="SOON11", days_open=(3, 30))
    assert ApiClient().get(url(later, "/results")).status_code == 404


def test_token_used_once(world, ipak):
    survey = make_survey(world.a1, ipak, code="TOK111", requires_token=True)
    generate_tokens(world.users["lead_a1"], survey, 1)
    token = survey.tokens.get().code
    public = ApiClient()
    assert public.post(url(survey, "/responses"), answers(survey)).status_code == 409
    first = public.post(url(survey, "/responses"), {**answers(survey), "token": token})
    assert first.status_code == 201
    again = public.post(url(survey, "/responses"), {**answers(survey), "token": token})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "survey_token")
    assert Response.objects.filter(survey=survey).count() == 1


def test_rate_limited_per_source(settings, survey):
    settings.SURVEY_RATE_LIMIT = 2
    public = ApiClient()
    statuses = [public.post(url(survey, "/responses"), answers(survey)).status_code for _ in "abc"]
    assert statuses == [201, 201, 429]
    assert Response.objects.count() == 2
