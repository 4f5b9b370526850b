"""Answers through the API: the caller's layer, optimistic locking, the engine's checks."""

from __future__ import annotations

from zona.evaluations.models import Answer, AnswerChange, Evaluation, Stage


def url(evaluation, no="2"):
    return f"/api/v1/evaluations/{evaluation.pk}/answers/{no}"


def test_write_then_read_in_the_unit_layer(api, evaluation, world):
    client = api("member_a1")
    fresh = client.get(url(evaluation)).json()
    assert (fresh["value"], fresh["version"], fresh["layer"]) == (None, 0, "unit")
    saved = client.put(url(evaluation), {"value": "b", "note": "SK tim", "version": 0})
    assert saved.status_code == 200, saved.content
    assert saved.json() | {"updated_at": None} == {
        "question": "2", "layer": "unit", "value": "b", "note": "SK tim", "version": 1,
        "updated_at": None, "updated_by": "member_a1",
    }  # fmt: skip
    row = Answer.objects.get(evaluation=evaluation, question="2", layer="unit")
    assert (row.value, row.version, row.updated_by) == ("b", 1, world.users["member_a1"])
    assert AnswerChange.objects.filter(evaluation=evaluation, question="2").count() == 1
    assert evaluation.scores.get(layer="unit").answered == 1
    listed = client.get(f"/api/v1/evaluations/{evaluation.pk}/answers").json()
    assert listed["count"] == 1 and listed["items"][0]["value"] == "b"


def test_numbers_are_accepted_as_json_numbers_and_indonesian_text(api, evaluation):
    client = api("member_a1")
    assert client.put(url(evaluation, "125"), {"value": 3.62, "version": 0}).json()["value"] == (
        "3.62"
    )
    assert client.put(url(evaluation, "125"), {"value": "3,7", "version": 1}).json()["value"] == (
        "3.7"
    )


def test_stale_write_is_refused_with_the_current_answer(api, evaluation):
    first, second = api("member_a1"), api("lead_a1", "en")
    assert first.put(url(evaluation), {"value": "b", "version": 0}).status_code == 200
    stale = second.put(url(evaluation), {"value": "c", "note": "mine", "version": 0})
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["code"] == "stale_answer"
    assert error["message"].startswith("member_a1 changed this answer in the meantime")
    current = error["details"]["current"]
    assert (current["value"], current["version"], current["updated_by"]) == ("b", 1, "member_a1")
    assert Answer.objects.get(evaluation=evaluation, question="2", layer="unit").value == "b"
    # with the version it was shown, the second writer replaces it
    replaced = second.put(url(evaluation), {"value": "c", "note": "mine", "version": 1})
    assert replaced.json()["version"] == 2 and replaced.json()["value"] == "c"


def test_invalid_answer_has_the_engines_message(api, evaluation):
    response = api("member_a1", "en").put(url(evaluation), {"value": "z", "version": 0})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_answer"
    assert error["message"] == "Question 2: 'z' is not an answer of type abc; allowed: a/b/c"
    assert error["details"] == {"question": "2", "reason": "bad_option"}
    indonesian = api("member_a1").put(url(evaluation), {"value": "z", "version": 0})
    assert "bukan jawaban" in indonesian.json()["error"]["message"]


def test_a_number_too_large_to_store_is_422_not_500(api, evaluation):
    framework = evaluation.framework.framework()
    count = next(q.no for q in framework.questions.values() if q.type == "count")
    response = api("member_a1").put(url(evaluation, count), {"value": "1e300", "version": 0})
    assert response.status_code == 422
    assert response.json()["error"]["details"] == {"question": count, "reason": "number_too_large"}
    assert not Answer.objects.filter(evaluation=evaluation, question=count).exists()


def test_unknown_question_is_404(api, evaluation):
    response = api("member_a1").put(url(evaluation, "999"), {"value": "b", "version": 0})
    assert response.status_code == 404


def test_a_closed_layer_is_403_with_the_stage(api, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.SUBMITTED)
    response = api("member_a1", "en").put(url(evaluation), {"value": "b", "version": 0})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "layer_closed"
    assert "Submitted to the TPI" in response.json()["error"]["message"]
    assert not Answer.objects.exists()


def test_the_tpi_writes_in_its_own_layer_during_review(api, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.TPI_REVIEW)
    saved = api("tpi_a").put(url(evaluation), {"value": "a", "version": 0}).json()
    assert saved["layer"] == "tpi"
    # the unit does not read the TPI's layer before it is released
    member = api("member_a1")
    assert member.get(url(evaluation), {"layer": "tpi"}).status_code == 404
    listed = member.get(f"/api/v1/evaluations/{evaluation.pk}/answers").json()
    assert listed["count"] == 0


def test_answers_list_query_count_is_constant(api, evaluation, answer, django_assert_num_queries):
    for no in ("1", "2", "3", "4", "5", "6"):
        answer("member_a1", evaluation, no, "unit", "ya" if no in ("1", "3") else "a")
    client = api("tpi_a")
    client.get(f"/api/v1/evaluations/{evaluation.pk}/answers")
    # token, roles, evaluation, count, page (with who saved): 5 for 6 answers as for 600
    with django_assert_num_queries(5):
        body = client.get(f"/api/v1/evaluations/{evaluation.pk}/answers").json()
    assert body["count"] == 6
