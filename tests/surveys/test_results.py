"""Index, margin of error and sample size against examples worked by hand."""

from __future__ import annotations

import math

import pytest
from django.urls import reverse

from zona.surveys.models import Channel, Response
from zona.surveys.results import (
    margin_of_error,
    mean_sd,
    published,
    results_for,
    sample_size,
    survey_results,
)


def test_mean_and_sample_sd():
    # 3, 4, 2, 3: mean 12/4 = 3; squared deviations 0 + 1 + 1 + 0 = 2; s² = 2/(4-1) = 0.6667
    mean, sd = mean_sd([3, 4, 2, 3])
    assert mean == 3
    assert sd == pytest.approx(math.sqrt(2 / 3))  # 0.8165
    assert mean_sd([]) == (None, None)
    assert mean_sd([2.5]) == (2.5, None)  # one answer: no spread yet


def test_margin_of_error_with_and_without_population():
    s = math.sqrt(2 / 3)  # 0.8165
    # 1.96 · 0.8165 / √4 = 1.6003 / 2 = 0.8002
    assert margin_of_error(s, 4) == pytest.approx(0.80016, abs=1e-5)
    # N = 10: correction √((10 - 4)/(10 - 1)) = √(6/9) = 0.8165 → 0.8002 · 0.8165 = 0.6533
    assert margin_of_error(s, 4, population=10) == pytest.approx(0.65333, abs=1e-5)
    assert margin_of_error(s, 10, population=10) == 0.0  # everyone answered
    assert margin_of_error(None, 1) is None


def test_sample_size():
    # (1.96 · 0.5 / 0.1)² = 9.8² = 96.04 → 97
    assert sample_size(0.5, 0.1) == 97
    # conservative s = 1.5: (1.96 · 1.5 / 0.1)² = 29.4² = 864.36 → 865
    assert sample_size(1.5, 0.1) == 865
    # N = 500: 96.04 / (1 + 95.04 / 500) = 96.04 / 1.19008 = 80.70 → 81
    assert sample_size(0.5, 0.1, population=500) == 81
    # exactly an integer stays that integer: (1.96 · 1 / 0.196)² = 10² = 100
    assert sample_size(1.0, 0.196) == 100


def _respond(survey, answers, profile):
    Response.objects.create(
        survey=survey,
        submitted_on="2026-11-01",
        channel=Channel.ONLINE,
        answers=answers,
        profile=profile,
    )


@pytest.fixture
def three_answers(mini_survey):
    # Respondent   S1 S2 S3   score             gender service
    # R1            4  4  3   11/3 = 3.6667     L      KTP-el
    # R2            3  2  3    8/3 = 2.6667     P      KTP-el
    # R3            2  3  4    9/3 = 3.0000     P      (none)
    _respond(mini_survey, {"S1": 4, "S2": 4, "S3": 3}, {"gender": "L", "service": "KTP-el"})
    _respond(mini_survey, {"S1": 3, "S2": 2, "S3": 3}, {"gender": "P", "service": "KTP-el"})
    _respond(mini_survey, {"S1": 2, "S2": 3, "S3": 4}, {"gender": "P"})
    return mini_survey


def test_survey_results_by_hand(three_answers, settings):
    settings.ZONA_SURVEY_MIN_GROUP = 1
    r = survey_results(three_answers)
    assert r.n == 3
    # index = (11 + 8 + 9) / 9 = 28/9 = 3.1111 (also the mean of the three scores)
    assert r.index == pytest.approx(28 / 9)
    # deviations from 3.1111: +0.5556, -0.4444, -0.1111; squares 0.3086 + 0.1975 + 0.0123
    # = 0.5185 = 42/81; s² = 0.5185 / 2 = 0.2593; s = 0.5092
    assert r.sd == pytest.approx(math.sqrt(21 / 81))
    # margin = 1.96 · 0.50918 / √3 = 0.99798 / 1.73205 = 0.57619
    assert r.margin == pytest.approx(0.57619, abs=1e-5)
    # fewer than 30 answers: the sample size uses s = 1.5 → 865 for ±0.10
    assert (r.needed, r.needed_sd, r.needed_sd_from_data) == (865, 1.5, False)
    assert not r.enough and r.missing == 862
    # per statement: S1 (4+3+2)/3 = 3; S2 (4+2+3)/3 = 3; S3 (3+3+4)/3 = 3.3333
    means = {s.code: s.mean for s in r.statements}
    assert means == pytest.approx({"S1": 3.0, "S2": 3.0, "S3": 10 / 3})
    counts = {s.code: s.counts for s in r.statements}
    assert counts["S1"] == (0, 1, 1, 1) and counts["S3"] == (0, 0, 2, 1)
    # groups: L = R1 = 3.6667; P = (2.6667 + 3) / 2 = 2.8333
    gender = next(g for g in r.groups if g.code == "gender")
    assert [(o.code, o.n) for o in gender.options] == [("L", 1), ("P", 2)]
    assert gender.options[0].mean == pytest.approx(11 / 3)
    assert gender.options[1].mean == pytest.approx(17 / 6)
    service = next(g for g in r.groups if g.code == "service")
    # KTP-el: (3.6667 + 2.6667) / 2 = 3.1667; Kartu Keluarga: nobody
    assert [(o.code, o.n) for o in service.options] == [("KTP-el", 2), ("Kartu Keluarga", 0)]
    assert service.options[0].mean == pytest.approx(19 / 6)
    assert service.options[1].mean is None


def test_population_correction_and_chosen_margin(three_answers):
    three_answers.service_users = 5
    # margin · √((5 - 3)/(5 - 1)) = 0.57619 · 0.70711 = 0.40743
    r = survey_results(three_answers, margin=0.5)
    assert r.margin == pytest.approx(0.40743, abs=1e-5)
    # n₀ = (1.96 · 1.5 / 0.5)² = 5.88² = 34.57; with N = 5: 34.57 / (1 + 33.57/5) = 4.48 → 5
    assert r.needed == 5


def test_data_sd_from_thirty_answers(mini_survey):
    # 15 respondents all 4, 15 all 2: index 3; s = √(30 · 1 / 29) = 1.0171
    for value in [4] * 15 + [2] * 15:
        _respond(mini_survey, {"S1": value, "S2": value, "S3": value}, {})
    r = survey_results(mini_survey)
    assert r.index == 3
    assert r.needed_sd_from_data and r.needed_sd == pytest.approx(math.sqrt(30 / 29))
    # (1.96 · 1.0171 / 0.1)² = 19.935² = 397.4 → 398
    assert r.needed == 398


def test_no_answers(mini_survey):
    r = survey_results(mini_survey)
    assert (r.n, r.index, r.sd, r.margin) == (0, None, None, None)
    assert r.needed == 865


def test_results_of_many_surveys_in_one_query(world, mini, django_assert_num_queries):
    from surveys.helpers import make_survey

    surveys = [make_survey(world.a1, mini, code=f"CODE{i}", year=2020 + i) for i in range(5)]
    for s in surveys:
        _respond(s, {"S1": 4, "S2": 3, "S3": 2}, {})
    with django_assert_num_queries(1):
        results = results_for(surveys)
    assert [r.index for r in results] == [3.0] * 5


def test_small_groups_are_withheld(mini_survey, settings):
    # 12 L at 4, 3 P at 2 (default minimum 10): P is withheld, and L with it, since the overall
    # index minus L would give P's mean.
    for _ in range(12):
        _respond(mini_survey, {"S1": 4, "S2": 4, "S3": 4}, {"gender": "L"})
    for _ in range(3):
        _respond(mini_survey, {"S1": 2, "S2": 2, "S3": 2}, {"gender": "P"})
    gender = next(g for g in survey_results(mini_survey).groups if g.code == "gender")
    assert [(o.code, o.n, o.mean, o.suppressed) for o in gender.options] == [
        ("L", 12, None, True),
        ("P", 3, None, True),
    ]
    assert gender.withheld
    settings.ZONA_SURVEY_MIN_GROUP = 3
    gender = next(g for g in survey_results(mini_survey).groups if g.code == "gender")
    assert [(o.code, o.mean, o.suppressed) for o in gender.options] == [
        ("L", 4.0, False),
        ("P", 2.0, False),
    ]
    settings.ZONA_SURVEY_MIN_GROUP = 4
    r = survey_results(mini_survey)
    gender = next(g for g in r.groups if g.code == "gender")
    assert [o.suppressed for o in gender.options] == [True, True]
    # the overall index stays published: (12 · 4 + 3 · 2) / 15 = 3.6
    assert r.index == pytest.approx(3.6)


def _public_means(client, survey) -> tuple[dict, str]:
    api = client.get(f"/api/v1/surveys/public/{survey.code}/results").json()
    page = client.get(reverse("surveys:public_results", args=[survey.unit_id])).content.decode()
    return api, page


def test_public_results_move_only_when_a_batch_is_complete(client, mini_survey, settings):
    # Batch of 3. Respondents 1–3 answer (4, 4, 4), (2, 2, 2), (3, 3, 3): published index 3.00.
    # The 4th and 5th answer (1, 1, 1): nothing published changes; before, (1 - 3.00) · n
    # differences would have given the 4th sheet exactly. The 6th, (4, 4, 4), completes
    # the batch: index (12 + 6 + 9 + 3 + 3 + 12) / 18 = 45/18 = 2.50.
    settings.ZONA_SURVEY_PUBLISH_BATCH = 3
    settings.ZONA_SURVEY_MIN_GROUP = 1
    for value, gender in ((4, "L"), (2, "P"), (3, "P")):
        _respond(mini_survey, dict.fromkeys(("S1", "S2", "S3"), value), {"gender": gender})
    before_api, before_page = _public_means(client, mini_survey)
    assert before_api["responses"] == 3
    assert before_api["index"] == pytest.approx(3.0)
    assert [o["mean"] for o in before_api["groups"][0]["options"]] == [4.0, 2.5]
    assert "3,00" in before_page and "3 responden" in before_page
    assert "setiap 3 jawaban" in before_page
    for _ in range(2):
        _respond(mini_survey, dict.fromkeys(("S1", "S2", "S3"), 1), {"gender": "L"})
        api, page = _public_means(client, mini_survey)
        assert api == before_api
        assert "3,00" in page and "3 responden" in page and "5 responden" not in page
    # Signed-in views and the evaluation feed read every response: (9 · 3 + 2 · 3) / 15 = 2.20
    assert survey_results(mini_survey).index == pytest.approx(2.2)
    _respond(mini_survey, dict.fromkeys(("S1", "S2", "S3"), 4), {"gender": "P"})
    after, page = _public_means(client, mini_survey)
    assert after["responses"] == 6
    assert after["index"] == pytest.approx(2.5)
    assert [s["mean"] for s in after["statements"]] == [2.5, 2.5, 2.5]
    # L: 4, 1, 1 → 2.00; P: 2, 3, 4 → 3.00
    assert [o["mean"] for o in after["groups"][0]["options"]] == [2.0, 3.0]
    assert "2,50" in page and "6 responden" in page


def test_published_keeps_whole_batches_in_stored_order():
    rows = list(range(1, 24))
    assert published(rows, 10) == list(range(1, 21))
    assert published(rows[:9], 10) == []
    assert published(rows, 1) == rows
