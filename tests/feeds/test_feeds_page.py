"""The Hasil page: sources, the value each visible layer took, override and its reason shown,
a changed source offered for refresh, errors that keep what was typed, permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zona.evaluations.models import Answer
from zona.feeds import actions

pytestmark = pytest.mark.django_db

ROLES = [
    "norole", "sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a", "member_a1",
    "lead_a1", "tpn",
]  # fmt: skip
SEE_A1 = {"sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a", "member_a1",
          "lead_a1"}  # fmt: skip


def page(client, world, evaluation, username):
    client.force_login(world.users[username])
    return client.get(reverse("feeds:page", args=[evaluation.pk]))


def layer(response, question, code):
    item = next(i for i in response.context["items"] if i.question.no == question)
    return next((v for v in item.layers if v.code == code), None)


@pytest.mark.parametrize(
    "stage, allowed",
    [("draft", SEE_A1), ("tpn_desk", SEE_A1 | {"tpn"})],
)
@pytest.mark.parametrize("username", ROLES)
def test_page_reach(client, world, evaluation, survey, set_stage, stage, allowed, username):
    set_stage(evaluation, stage)
    status = page(client, world, evaluation, username).status_code
    assert status == (200 if username in allowed else 404)


def test_anonymous_goes_to_login(client, evaluation):
    response = client.get(reverse("feeds:page", args=[evaluation.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "username, stage, allowed",
    [
        ("member_a1", "draft", True), ("tpi_a", "draft", False), ("leadership_a", "draft", False),
        ("tpi_a", "tpi_review", True), ("member_a1", "tpi_review", False),
        ("tpn", "tpn_field", True), ("coordinator_a", "tpn_field", False),
    ],
)  # fmt: skip
def test_post_only_for_the_open_layer(
    client, world, evaluation, survey, set_stage, username, stage, allowed
):
    set_stage(evaluation, stage)
    client.force_login(world.users[username])
    url = reverse("feeds:choose", args=[evaluation.pk, "125"])
    response = client.post(url, {"source": "survey:ipak:2026", "version": "0"})
    assert response.status_code == (302 if allowed else 404)
    assert Answer.objects.filter(question="125").exists() == allowed


def test_override_and_reason_shown_to_who_sees_the_layer(
    client, world, evaluation, survey, set_stage
):
    set_stage(evaluation, "tpi_review")
    actions.choose(
        world.users["tpi_a"], evaluation, "125", "survey:ipak:2026", expected_version=0,
        override=Decimal("3.4"), reason="Responden kurang dari ketentuan",
    )  # fmt: skip
    for username in ("tpi_lead_a", "coordinator_a", "tpn"):
        if username == "tpn":
            set_stage(evaluation, "tpn_desk")
        response = page(client, world, evaluation, username)
        view = layer(response, "125", "tpi")
        assert view.choice.overridden and view.choice.reason == "Responden kurang dari ketentuan"
        assert b"Responden kurang dari ketentuan" in response.content
    set_stage(evaluation, "returned", tpi_released=False)
    hidden = page(client, world, evaluation, "member_a1")
    assert layer(hidden, "125", "tpi") is None
    assert b"Responden kurang dari ketentuan" not in hidden.content
    set_stage(evaluation, "returned", tpi_released=True)
    shown = page(client, world, evaluation, "member_a1")
    assert layer(shown, "125", "tpi").choice.reason == "Responden kurang dari ketentuan"


def test_changed_source_is_shown_and_refreshed_only_on_request(client, world, evaluation, survey):
    actions.choose(
        world.users["member_a1"], evaluation, "125", "survey:ipak:2026", expected_version=0
    )
    survey.values["ipak"] = 3.71  # more responses came in
    response = page(client, world, evaluation, "member_a1")
    view = layer(response, "125", "unit")
    assert view.source_changed and view.answer == "3.62"  # nothing changed silently
    assert response.content.count(b'type="hidden" name="source"') == 1  # the refresh form
    response = client.post(
        reverse("feeds:choose", args=[evaluation.pk, "125"]),
        {"source": "survey:ipak:2026", "version": str(view.version)},
    )
    assert response.status_code == 302
    assert Answer.objects.get(question="125", layer="unit").value == "3.71"
    assert not layer(page(client, world, evaluation, "member_a1"), "125", "unit").source_changed


def test_answer_typed_after_the_choice_is_flagged(world, client, evaluation, survey):
    from zona.evaluations import actions as evaluation_actions

    actions.choose(
        world.users["member_a1"], evaluation, "125", "survey:ipak:2026", expected_version=0
    )
    evaluation_actions.save_answer(world.users["lead_a1"], evaluation, "125", "unit", "3.9", "", 1)
    view = layer(page(client, world, evaluation, "member_a1"), "125", "unit")
    assert view.edited_by_hand and view.answer == "3.9"


def test_override_without_reason_keeps_what_was_typed(client, world, evaluation, survey, set_stage):
    set_stage(evaluation, "tpi_review")
    client.force_login(world.users["tpi_a"])
    response = client.post(
        reverse("feeds:choose", args=[evaluation.pk, "125"]),
        {"source": "survey:ipak:2026", "version": "0", "override": "3,45", "reason": ""},
    )
    assert response.status_code == 422
    item = next(i for i in response.context["items"] if i.question.no == "125")
    assert item.error and item.typed["override"] == "3,45"
    assert b'value="3,45"' in response.content
    assert not Answer.objects.exists()


def test_comma_decimal_override(client, world, evaluation, survey, set_stage):
    set_stage(evaluation, "tpi_review")
    client.force_login(world.users["tpi_a"])
    client.post(
        reverse("feeds:choose", args=[evaluation.pk, "125"]),
        {"source": "survey:ipak:2026", "version": "0", "override": "3,45", "reason": "koreksi"},
    )
    assert Answer.objects.get(question="125", layer="tpi").value == "3.45"


def test_stale_post_answers_409(client, world, evaluation, survey):
    from zona.evaluations import actions as evaluation_actions

    evaluation_actions.save_answer(world.users["lead_a1"], evaluation, "125", "unit", "3", "", 0)
    client.force_login(world.users["member_a1"])
    response = client.post(
        reverse("feeds:choose", args=[evaluation.pk, "125"]),
        {"source": "survey:ipak:2026", "version": "0"},
    )
    assert response.status_code == 409
    assert Answer.objects.get(question="125").value == "3"


def test_page_links_item_126_to_the_capaian_kinerja_record(client, world, evaluation, survey):
    response = page(client, world, evaluation, "member_a1")
    performance = response.context["performance"]
    assert performance["url"] == reverse("findings:performance", args=[world.a1.pk, 2026])
    assert performance["url"].encode() in response.content


def test_page_query_count(
    client, world, evaluation, survey, set_stage, django_assert_max_num_queries
):
    set_stage(evaluation, "tpi_review")
    for no, source in (("125", "survey:ipak:2026"), ("127", "survey:ipkp:2026")):
        actions.choose(world.users["tpi_a"], evaluation, no, source, expected_version=0)
    client.force_login(world.users["tpi_a"])
    url = reverse("feeds:page", args=[evaluation.pk])
    client.get(url)  # warm the framework cache
    # 8 for the page and the fake provider, plus what the installed apps' real providers
    # (surveys for IPAK/IPKP) ask: a fixed number, not one per survey or finding.
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200 and survey.calls >= 2
