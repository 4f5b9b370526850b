"""The API over the register: lists limited to the units a person sees, the counts and the
media summary, a publication attached and the counts taken through the same actions."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zona.api import actions as token_actions
from zona.evaluations.models import EvidenceLink


@pytest.fixture
def api(world):
    def _client(username: str) -> Client:
        _token, secret = token_actions.create_token(
            world.users[username], "test", timezone.now() + timedelta(days=1)
        )
        return Client(headers={"Authorization": f"Bearer {secret}"})

    return _client


def test_lists_are_limited_to_the_units_in_reach(api, world, innovation, publication):
    rows = api("tpi_a").get("/api/v1/innovations").json()
    assert rows["count"] == 1 and rows["items"][0]["name"] == "Legalisasi daring"
    assert rows["items"][0]["service"] == "Legalisasi dokumen"
    assert rows["items"][0]["value_before"] in ("5", "5.00", 5)
    assert api("tpn").get("/api/v1/innovations").json()["count"] == 0
    services = api("member_a1").get("/api/v1/innovations/services").json()
    assert services["count"] == 3
    pubs = api("coordinator_a").get("/api/v1/innovations/publications?year=2026").json()
    assert [p["title"] for p in pubs["items"]] == ["Legalisasi kini bisa daring"]
    assert (
        api("coordinator_a").get("/api/v1/innovations/publications?year=2025").json()["count"] == 0
    )


def test_counts_and_media_summary(api, world, innovation, publication):
    counts = api("tpi_a").get(f"/api/v1/innovations/units/{world.a1.pk}/counts?year=2026")
    assert counts.json() == {"unit_id": world.a1.pk, "year": 2026, "registered": 3,
                             "simplified": 1, "as_of": "2026-12-31"}  # fmt: skip
    summary = (
        api("tpi_a").get(f"/api/v1/innovations/units/{world.a1.pk}/media-summary?year=2026").json()
    )
    website = next(c for c in summary["channels"] if c["channel"] == "website")
    assert website["months"][3] == 1 and summary["total"] == 1
    assert (
        api("tpn").get(f"/api/v1/innovations/units/{world.a1.pk}/counts?year=2026").status_code
        == 404
    )


def test_attach_and_take_counts(api, world, innovation, publication, evaluation):
    url = f"/api/v1/innovations/publications/{publication.pk}/attach"
    body = json.dumps({"evaluation_id": evaluation.pk, "questions": ["72"]})
    refused = api("tpi_a").post(url, body, content_type="application/json")
    assert refused.status_code == 404
    done = api("member_a1").post(url, body, content_type="application/json")
    assert done.status_code == 201 and done.json()["questions"] == ["72"]
    assert EvidenceLink.objects.get(evaluation=evaluation).question == "72"
    wrong = api("member_a1").post(
        url, json.dumps({"evaluation_id": evaluation.pk, "questions": ["1"]}),
        content_type="application/json",
    )  # fmt: skip
    assert wrong.status_code == 422
    taken = api("member_a1").post(f"/api/v1/innovations/evaluations/{evaluation.pk}/take-counts")
    assert taken.status_code == 200 and taken.json() == {"122": 3, "123": 1}
    assert (
        api("tpi_a")
        .post(f"/api/v1/innovations/evaluations/{evaluation.pk}/take-counts")
        .status_code
        == 403
    )
