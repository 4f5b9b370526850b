"""The one visibility rule, reached the same way by every surface: for every role of the test
world and every stage, the list page, the LKE page, the list's export and the API reach
exactly the evaluations the table below says, and show exactly its layers."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zona.api import actions as token_actions
from zona.evaluations import actions
from zona.evaluations.access import get_evaluation_for, visible_layers
from zona.evaluations.models import Answer, Evaluation, Layer, LayerScore, Stage
from zona.lke.display import format_number

UNIT, TPI, TPN = Layer.UNIT, Layer.TPI, Layer.TPN
NATIONAL = {Stage.PROPOSED, Stage.TPN_DESK, Stage.TPN_FIELD, Stage.DECIDED, Stage.CLOSED}
DECIDED = {Stage.DECIDED, Stage.CLOSED}
INSTANSI_A = {"A1", "A1a", "A2"}
EVERY_UNIT = {"A1", "A1a", "A2", "B1"}
# A1 and B1 have the TPI's notes released to the unit, A1a and A2 not.
RELEASED = {"A1", "B1"}


def expected_units(role: str, stage: str) -> set[str]:
    """Which units' evaluations at `stage` the role sees: the rule, stated apart from the code."""
    return {
        "sysadmin": EVERY_UNIT,
        "coordinator_a": INSTANSI_A,
        "tpi_a": INSTANSI_A,
        "tpi_lead_a": INSTANSI_A,
        "leadership_a": INSTANSI_A,
        "member_a1": {"A1"},
        "lead_a1": {"A1"},
        "tpn": EVERY_UNIT if stage in NATIONAL else set(),
        "norole": set(),
    }[role]


def expected_layers(role: str, stage: str, unit: str) -> list[str]:
    if role in ("sysadmin", "tpn"):
        return [UNIT, TPI, TPN]
    layers = [UNIT]
    if role not in ("member_a1", "lead_a1") or unit in RELEASED:  # the instansi side: always
        layers.append(TPI)
    if stage in DECIDED:
        layers.append(TPN)
    return layers


UNITS = ("A1", "A1a", "A2", "B1")


@pytest.fixture
def every(world, frameworks) -> dict[tuple[str, str], Evaluation]:
    """(unit, stage) → an evaluation of that unit at that stage (one year per stage), with a
    score and an answer in every layer, so that a layer shown is told from a layer hidden on
    every surface."""
    admin = world.users["sysadmin"]
    units = dict(zip(UNITS, (world.a1, world.a1a, world.a2, world.b1), strict=True))
    made = {}
    for year, stage in enumerate(Stage, start=2015):
        for name in UNITS:
            evaluation = actions.create_evaluation(admin, units[name], year, "WBK")
            evaluation.index = len(made)
            Evaluation.objects.filter(pk=evaluation.pk).update(
                stage=stage, tpi_released=name in RELEASED
            )
            for j, layer in enumerate(Layer):
                LayerScore.objects.filter(evaluation=evaluation, layer=layer).update(
                    total=total_of(evaluation.index, j), answered=1
                )
                Answer.objects.create(
                    evaluation=evaluation, question="2", layer=layer, value="b", version=1
                )
            made[name, stage] = evaluation
    return made


def total_of(index: int, j: int) -> Decimal:
    """The score of layer j of the index-th evaluation, each written once on the page:
    layer 0 from 10,00, layer 1 from 40,00, layer 2 from 70,00, in steps of 0,50."""
    return Decimal(10 + 30 * j) + Decimal(index) / 2


def _tokens(world) -> dict[str, str]:
    until = timezone.now() + timedelta(days=1)
    return {
        name: token_actions.create_token(user, "visibility", until)[1]
        for name, user in world.users.items()
    }


def _api(token: str, path: str):
    response = Client().get(path, headers={"Authorization": f"Bearer {token}"})
    return response.status_code, (response.json() if response.status_code == 200 else None)


def _list_page(client, index: dict[int, int]) -> dict[int, list[str]]:
    """pk → the layers whose score the list page shows."""
    response = client.get(reverse("evaluations:list"))
    assert response.status_code == 200
    assert not response.context["page"].has_other_pages()
    html = response.content.decode()
    found = {}
    for e in response.context["page"].object_list:
        found[e.pk] = [layer for layer in Layer if getattr(e, f"{layer}_shown")]
        for j, layer in enumerate(Layer):  # a hidden score never reaches the page
            shown = format_number(total_of(index[e.pk], j), "id") in html
            assert shown == (layer in found[e.pk]), (e.unit.name, e.stage, layer)
    return found


def _export(client) -> dict[int, list[str]]:
    """pk → the layers whose score the CSV export gives."""
    response = client.get(reverse("workbook:evaluations", args=["csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    return {
        int(row[13]): [layer for layer, cell in zip(Layer, row[5:8], strict=True) if cell]
        for row in rows
    }


@pytest.mark.django_db
def test_every_surface_reaches_the_same_evaluations_and_layers(world, every):
    """Every role × every stage × released or not, each list and the API once per role."""
    index = {e.pk: e.index for e in every.values()}
    tokens = _tokens(world)
    people = {**world.users, "nobody": get_user_model().objects.create_user("nobody-here")}
    opened = set()
    for role, person in people.items():
        rule = "norole" if role == "nobody" else role
        expected = {
            every[name, stage].pk: expected_layers(rule, stage, name)
            for (name, stage) in every
            if name in expected_units(rule, stage)
        }
        client = Client()
        client.force_login(person)

        # The rule itself, and the one-evaluation loader over it.
        fresh = get_user_model().objects.get(pk=person.pk)  # no cached reach
        assert set(Evaluation.objects.visible_to(fresh).values_list("pk", flat=True)) == set(
            expected
        ), role
        for (name, stage), e in every.items():
            why = (role, name, stage)
            if e.pk in expected:
                found = get_evaluation_for(fresh, e.pk)
                assert visible_layers(fresh, found) == expected[e.pk], why
            else:
                with pytest.raises(Http404):
                    get_evaluation_for(fresh, e.pk)
            # The page itself: every refusal, and one opening per stage (a full render each).
            if e.pk not in expected or (role, stage) not in opened:
                if e.pk in expected:
                    opened.add((role, stage))
                page = client.get(reverse("evaluations:detail", args=[e.pk])).status_code
                assert page == (200 if e.pk in expected else 404), why

        assert _list_page(client, index) == expected, role
        assert _export(client) == expected, role

        if role == "nobody":
            continue  # no token: the API's refusal of strangers is tested in tests/api
        token = tokens[role]
        status, listed = _api(token, "/api/v1/evaluations?limit=100")
        assert status == 200, role
        assert {item["id"] for item in listed["items"]} == set(expected), role
        assert listed["count"] == len(expected), role
        for (name, stage), e in every.items():
            why = (role, name, stage)
            status, detail = _api(token, f"/api/v1/evaluations/{e.pk}")
            answers_status, answers = _api(token, f"/api/v1/evaluations/{e.pk}/answers")
            assert answers_status == status, why
            if e.pk not in expected:
                assert status == 404, why
                continue
            layers = expected[e.pk]
            assert status == 200 and detail["layers"] == layers, why
            assert sorted(detail["scores"]) == sorted(layers), why
            assert sorted(a["layer"] for a in answers["items"]) == sorted(layers), why
