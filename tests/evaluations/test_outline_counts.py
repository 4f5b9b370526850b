"""The outline's counts: refreshed with an evidence change in the same htmx answer (out of
band), and, for a reader, counted in the layer the stage is working on when they may see it."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from zona.evaluations import actions
from zona.evaluations.models import Layer, Stage
from zona.evaluations.presenters import viewer_for

HTMX = {"HTTP_HX_REQUEST": "true"}
LINK = re.compile(r'<a id="ol-([^"]+)"[^>]* hx-swap-oob="outerHTML" aria-label="([^"]+)"')


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _links(html: str) -> dict[str, str]:
    return dict(LINK.findall(html))


@pytest.mark.django_db
def test_attaching_evidence_refreshes_the_outline_counts(login, evaluation, urls):
    client = login("member_a1")
    page = client.get(urls("section", evaluation, "A.I.1")).content.decode()
    assert "0 dengan bukti dukung" in re.search(r'<a id="ol-A.I.1"[^>]*>', page).group(0)
    address = f"http://testserver{urls('section', evaluation, 'A.I.1')}"
    response = client.post(
        urls("evidence_quick", evaluation, "2"), {"url": "https://unit.go.id/sk-tim-zi"},
        HTTP_HX_CURRENT_URL=address, **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    links = _links(response.content.decode())
    assert set(links) == {"A.I.1", "A.I.1.i"}
    assert "1 dengan bukti dukung" in links["A.I.1"]
    assert "1 dengan bukti dukung" in links["A.I.1.i"]
    # ... and detaching it takes the count back down in the same answer.
    link = evaluation.evidence_links.get()
    response = client.post(
        urls("evidence_detach", evaluation, link.pk), HTTP_HX_CURRENT_URL=address, **HTMX
    )
    assert "0 dengan bukti dukung" in _links(response.content.decode())["A.I.1"]


@pytest.mark.django_db
def test_an_evidence_form_with_errors_sends_no_counts(login, evaluation, urls):
    client = login("member_a1")
    response = client.post(urls("evidence_quick", evaluation, "2"), {"url": ""}, **HTMX)
    assert not _links(response.content.decode())


@pytest.mark.django_db
def test_the_coordinator_at_the_draft_sees_the_units_counts(login, evaluation, world):
    actions.save_answer(world.users["member_a1"], evaluation, "1", Layer.UNIT, "ya", "", 0)
    coordinator = world.users["coordinator_a"]
    viewer = viewer_for(coordinator, evaluation)
    assert Layer.TPI in viewer.layers and viewer.writable is None
    assert viewer.main == Layer.UNIT
    page = login("coordinator_a").get(f"/evaluasi/{evaluation.pk}/lke/A.I.1/").content.decode()
    outline = re.search(r'<a id="ol-A.I.1"[^>]*>', page).group(0)
    assert "1 dari 12 dijawab" in outline


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stage, released, username, counted",
    [
        (Stage.DRAFT, False, "coordinator_a", Layer.UNIT),
        (Stage.RETURNED, False, "coordinator_a", Layer.UNIT),
        (Stage.SUBMITTED, False, "coordinator_a", Layer.TPI),  # no layer worked on: the last
        (Stage.TPI_REVIEW, False, "coordinator_a", Layer.TPI),
        (Stage.TPI_REVIEW, False, "member_a1", Layer.UNIT),  # the TPI's not released to them
        (Stage.TPI_REVIEW, True, "member_a1", Layer.TPI),
        (Stage.TPN_DESK, True, "coordinator_a", Layer.TPI),  # the TPN's hidden until decided
        (Stage.TPN_DESK, True, "leadership_a", Layer.TPI),
    ],
)
def test_a_reader_counts_the_layer_being_worked_on_if_they_see_it(
    evaluation, world, set_stage, stage, released, username, counted
):
    set_stage(evaluation, stage, tpi_released=released)
    viewer = viewer_for(world.users[username], evaluation)
    assert viewer.writable is None
    assert viewer.main == counted
