"""The workspace's parts in the shared cache (`workspace_cache`): kept for a person who only
reads, never for one who answers; every change another person makes is on the next page; people
with different rights or languages never share an entry; parts with a form are never kept."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from zona.evaluations import actions, views_fill, workspace_cache
from zona.evaluations.models import Evaluation, Layer, Stage
from zona.evaluations.presenters import viewer_for

HTMX = {"HTTP_HX_REQUEST": "true"}
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


class Counted:
    """Stands in for `views_fill.Workspace`, counting how often a page was built."""

    def __init__(self, real):
        self.real, self.built = real, 0

    def __call__(self, *args, **kwargs):
        self.built += 1
        return self.real(*args, **kwargs)


@pytest.fixture
def built(monkeypatch):
    counted = Counted(views_fill.Workspace)
    monkeypatch.setattr(views_fill, "Workspace", counted)
    return counted


def page(client, evaluation, path="", **headers) -> str:
    response = client.get(f"/evaluasi/{evaluation.pk}/{path}", **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, headers",
    [
        ("", {}),
        ("", HTMX),
        ("lke/A.I.2/", {}),
        ("?saring=belum", HTMX),
        ("skor/", HTMX),
        ("skor/", {}),
    ],
)
def test_a_reader_is_served_from_the_cache(login, evaluation, built, path, headers):
    client = login("coordinator_a")
    assert viewer_for(_user("coordinator_a"), evaluation).writable is None
    first = page(client, evaluation, path, **headers)
    again = page(client, evaluation, path, **headers)
    assert built.built == 1  # the second page came out of the cache
    assert TOKEN.sub("", again) == TOKEN.sub("", first)  # the shell's forms get a fresh mask
    assert "lke-q" in first or "lke-score" in first or "Nilai" in first


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.django_db
def test_a_person_answering_is_served_from_the_cache_without_a_token_in_it(
    login, evaluation, built
):
    client = login("member_a1")
    first = page(client, evaluation)
    again = page(client, evaluation)
    assert built.built == 1
    assert TOKEN.sub("", again) == TOKEN.sub("", first)
    assert 'id="tf-answer-2"' in first
    stored = [value for key, value in cache._cache.items() if ":ws" in key]
    assert stored
    assert not any(b"csrfmiddlewaretoken" in v or b"X-CSRFToken" in v for v in stored)
    # Each form of the cached part gets the request's token from outside it.
    forms = set(re.findall(r'<form id="(tf-[^"]+)"', first))
    given = set(re.findall(r'name="csrfmiddlewaretoken" value="[^"]+" form="(tf-[^"]+)"', first))
    assert forms and forms == given


class Renders:
    """Counts the question blocks rendered (not served from the cache)."""

    def __init__(self, monkeypatch):
        self.blocks = []
        real = views_fill.render_to_string

        def spy(template, context=None, request=None):
            if template == views_fill.BLOCK:
                self.blocks.append(context["b"]["no"])
            return real(template, context, request)

        monkeypatch.setattr(views_fill, "render_to_string", spy)


@pytest.mark.django_db
def test_after_a_save_the_next_view_renders_only_the_changed_block(login, evaluation, monkeypatch):
    renders = Renders(monkeypatch)
    client = login("member_a1")
    page(client, evaluation, "lke/A.I.1/")
    shown = len(renders.blocks)
    assert shown > 3
    response = client.post(
        f"/evaluasi/{evaluation.pk}/jawaban/2/", {"value": "b", "note": "", "version": 0}, **HTMX
    )
    assert response.status_code == 200
    renders.blocks.clear()
    after = page(client, evaluation, "lke/A.I.1/")
    assert renders.blocks == ["2"]
    assert 'value="b" id="q-2-o-b" checked' in after
    renders.blocks.clear()
    page(client, evaluation, "lke/A.I.1/", **HTMX)  # the htmx part shares the blocks
    assert renders.blocks == []


def _unit_answer(world, evaluation):
    actions.save_answer(world.users["member_a1"], evaluation, "2", Layer.UNIT, "c", "SK 2026", 0)


def _comment(world, evaluation):
    actions.add_comment(world.users["member_a1"], evaluation, "2", "Mohon dicek lagi", False)


def _evidence(world, evaluation):
    actions.add_evidence(
        world.users["member_a1"], evaluation, "2", description="SK Tim ZI 2026",
        url="https://unit.go.id/sk-tim-zi",
    )  # fmt: skip


def _stage(world, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.SUBMITTED)


CHANGES = {
    "an answer of the unit": (_unit_answer, "SK 2026"),
    "a comment": (_comment, "Mohon dicek lagi"),
    "evidence attached": (_evidence, "SK Tim ZI 2026"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_every_change_is_on_the_next_page(login, evaluation, world, change):
    make, shown = CHANGES[change]
    client = login("coordinator_a")
    assert shown not in page(client, evaluation, "lke/A.I.1/")
    make(world, evaluation)
    evaluation.refresh_from_db()
    assert shown in page(client, evaluation, "lke/A.I.1/")


def _detached(world, evaluation):
    actions.detach_evidence(world.users["member_a1"], evaluation.evidence_links.get())


def _revision(world, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.TPI_REVIEW)
    evaluation.refresh_from_db()
    actions.request_revision(world.users["tpi_a"], evaluation, "2", "Lampirkan SK yang berlaku")


def _released(world, evaluation):
    Evaluation.objects.filter(pk=evaluation.pk).update(tpi_released=True)


VERSIONED = {
    "an answer": _unit_answer,
    "a comment": _comment,
    "evidence attached": _evidence,
    "evidence detached": _detached,
    "a revision request": _revision,
    "a stage move": _stage,
    "the TPI's notes released": _released,
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", VERSIONED, ids=list(VERSIONED))
def test_every_change_gives_a_new_content_version(evaluation, world, change):
    _evidence(world, evaluation)
    viewer = viewer_for(world.users["coordinator_a"], evaluation)
    before = workspace_cache.content_version(evaluation, viewer)
    assert workspace_cache.content_version(evaluation, viewer) == before  # stable
    with CaptureQueriesContext(connection) as queries:
        workspace_cache.content_version(evaluation, viewer)
    assert len(queries) == 1
    VERSIONED[change](world, evaluation)
    evaluation.refresh_from_db()
    assert workspace_cache.content_version(evaluation, viewer) != before


@pytest.mark.django_db
def test_people_with_other_rights_do_not_share_an_entry(login, evaluation, world, set_stage):
    actions.save_answer(world.users["member_a1"], evaluation, "2", Layer.UNIT, "c", "", 0)
    set_stage(evaluation, Stage.TPI_REVIEW)
    actions.save_answer(world.users["tpi_a"], evaluation, "2", Layer.TPI, "b", "catatan TPI", 0)
    set_stage(evaluation, Stage.TPN_DESK, tpi_released=False)
    coordinator = page(login("coordinator_a"), evaluation)
    member = page(login("member_a1"), evaluation)  # read-only now; the TPI's notes not released
    assert "catatan TPI" in coordinator
    assert "catatan TPI" not in member


@pytest.mark.django_db
def test_each_language_has_its_own_entry(login, evaluation, settings):
    client = login("coordinator_a")
    indonesian = page(client, evaluation)
    with translation.override("en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = page(client, evaluation)
    assert "Belum dijawab" in indonesian
    assert "Unanswered" in english and "Belum dijawab" not in english


@pytest.mark.django_db
def test_parts_with_a_form_are_not_kept(evaluation):
    entry = workspace_cache.key(evaluation, "v", "test")
    parts = workspace_cache.get_or_render(
        entry, lambda: {"work": '<form><input name="csrfmiddlewaretoken" value="x"></form>'}
    )
    assert "csrfmiddlewaretoken" in parts["work"]
    assert cache.get(entry) is None
    workspace_cache.get_or_render(entry, lambda: {"work": "<p>ok</p>"})
    assert cache.get(entry) == {"work": "<p>ok</p>"}


@pytest.mark.django_db
def test_the_cache_can_be_switched_off(login, evaluation, built):
    with override_settings(ZONA_WORKSPACE_CACHE_SECONDS=0):
        client = login("coordinator_a")
        page(client, evaluation)
        page(client, evaluation)
    assert built.built == 2


@pytest.mark.django_db
def test_a_reader_is_not_told_every_question_is_answered(login, evaluation, world):
    _unit_answer(world, evaluation)  # one of the LKE's questions answered, the rest not
    reader = page(login("coordinator_a"), evaluation)
    member = page(login("member_a1"), evaluation)
    with translation.override("id"):
        said = translation.gettext("Every question is answered.")
        next_label = translation.gettext("Next unanswered")
    assert said not in reader  # a reader has no "next unanswered" to go to, and is told nothing
    assert next_label in member and said not in member


@pytest.mark.django_db
def test_made_up_addresses_share_the_entry_of_the_page_they_show(login, evaluation, built):
    client = login("coordinator_a")
    page(client, evaluation)
    for junk in ("?saring=zzz", "?q=9999", "?saring=x1&q=abc", "?utm=1"):
        page(client, evaluation, junk)
    assert built.built == 1
    entries = [key for key in cache._cache if ":ws:" in key]
    assert len(entries) == 2  # the page's parts and its shell (heading and stage panel)


def _block_keys(world, evaluation, username="coordinator_a"):
    """The cache key of each block of area A.I.1 as the person sees it."""
    ws = views_fill.Workspace(world.users[username], evaluation)
    out = {}
    for b in views_fill._shown_blocks({"kind": "section", "group": ws.section("A.I.1")}):
        out[b["no"]] = workspace_cache.block_key(evaluation, ws.viewer, b, (True, False, True))
    return out


BLOCK_CHANGES = {
    "an answer": _unit_answer,
    "a note": None,
    "a comment": _comment,
    "evidence attached": _evidence,
    "a revision request": _revision,
}


@pytest.mark.django_db
@pytest.mark.parametrize("change", BLOCK_CHANGES, ids=list(BLOCK_CHANGES))
def test_a_change_gives_only_its_block_a_new_key(world, evaluation, change):
    if change == "a note":  # the answer first, then only its note changes
        _unit_answer(world, evaluation)
        evaluation.refresh_from_db()
    if change == "a revision request":  # the stage first: it changes everyone's rights
        Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.TPI_REVIEW)
        evaluation.refresh_from_db()
    before = _block_keys(world, evaluation)
    if change == "a note":
        actions.save_answer(world.users["member_a1"], evaluation, "2", Layer.UNIT, "c", "lain", 1)
    else:
        BLOCK_CHANGES[change](world, evaluation)
    evaluation.refresh_from_db()
    after = _block_keys(world, evaluation)
    assert after["2"] != before["2"]
    assert {no: k for no, k in after.items() if no != "2"} == {
        no: k for no, k in before.items() if no != "2"
    }


@pytest.mark.django_db
def test_blocks_of_other_rights_or_languages_are_not_shared(login, world, evaluation):
    member = _block_keys(world, evaluation, "member_a1")
    reader = _block_keys(world, evaluation, "coordinator_a")
    assert not set(member.values()) & set(reader.values())
    with translation.override("en"):
        english = _block_keys(world, evaluation, "coordinator_a")
    assert not set(english.values()) & set(reader.values())
    # the member's blocks carry answer forms, the coordinator's (read only) never get them
    page(login("member_a1"), evaluation, "lke/A.I.1/")
    assert 'id="tf-answer-2"' not in page(login("coordinator_a"), evaluation, "lke/A.I.1/")


# --- the shell: heading and stage panel ---------------------------------------------------------
class Panels:
    """Counts the stage panels computed (`stage_context`: deadlines, history, checklists)."""

    def __init__(self, monkeypatch):
        self.computed = 0
        real = views_fill.stage_context

        def spy(user, evaluation):
            self.computed += 1
            return real(user, evaluation)

        monkeypatch.setattr(views_fill, "stage_context", spy)


@pytest.mark.django_db
def test_the_stage_panel_comes_from_the_cache_until_its_content_changes(
    login, evaluation, world, monkeypatch
):
    from datetime import date

    from zona.evaluations.models import InstansiDeadline

    panels = Panels(monkeypatch)
    client = login("coordinator_a")
    first = page(client, evaluation)
    page(client, evaluation)
    assert panels.computed == 1
    # The checklist counts the unit's answers: an answer gives a new panel with its count.
    with translation.override("id"):
        before = re.search(r"(\d+) dari (\d+)", first.split('id="lke-stagebox"')[1]).group(0)
    _unit_answer(world, evaluation)
    evaluation.refresh_from_db()
    after = page(client, evaluation)
    assert panels.computed == 2
    now = re.search(r"(\d+) dari (\d+)", after.split('id="lke-stagebox"')[1]).group(0)
    assert now != before and now.startswith("1 ")
    # A deadline is not the evaluation's content, but the panel shows it: a new panel.
    InstansiDeadline.objects.create(instansi=world.a, year=evaluation.year, date=date(2026, 6, 1))
    shown = page(client, evaluation)
    assert panels.computed == 3 and "1 Juni 2026" in shown


@pytest.mark.django_db
def test_people_allowed_other_moves_get_their_own_panel(login, evaluation):
    coordinator = page(login("coordinator_a"), evaluation)  # may submit
    member = page(login("member_a1"), evaluation)  # answers, may not submit
    assert 'id="tf-move-submit"' in coordinator
    assert 'id="tf-move-submit"' not in member


@pytest.mark.django_db
def test_a_move_from_the_cached_panel_posts_without_javascript(evaluation, world):
    """The panel's forms carry no token; a browser without JavaScript sends the one given
    outside the cached part (`form=`), and the move goes through CSRF checks."""
    from django.test import Client

    from tests.evaluations.test_fill import form_data

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator_a"])
    page(client, evaluation)  # fills the cache
    shown = page(client, evaluation)
    assert "csrfmiddlewaretoken" not in shown.split('id="lke-stagebox"')[1].split("</details>")[0]
    data = form_data(shown, "tf-move-submit")
    assert data["csrfmiddlewaretoken"]
    response = client.post(f"/evaluasi/{evaluation.pk}/tahap/submit/", data)
    assert response.status_code in (200, 302)  # the move's own answer, not a CSRF refusal
    del data["csrfmiddlewaretoken"]
    assert client.post(f"/evaluasi/{evaluation.pk}/tahap/submit/", data).status_code == 403


@pytest.mark.django_db
def test_the_instansis_tpi_tiers_give_a_new_panel(login, evaluation, world, set_stage):
    from zona.orgs.models import Instansi

    tpi = world.users["tpi_a"]
    Instansi.objects.filter(pk=world.a.pk).update(
        tpi_tiers=[{"name": "Anggota Tim", "members": [tpi.pk]}, {"name": "Ketua Tim"}]
    )
    set_stage(evaluation, Stage.TPI_REVIEW)
    evaluation = Evaluation.objects.with_related().get(pk=evaluation.pk)
    client = login("coordinator_a")
    assert "Anggota Tim" in page(client, evaluation)
    Instansi.objects.filter(pk=world.a.pk).update(
        tpi_tiers=[{"name": "Pengendali Teknis", "members": [tpi.pk]}]
    )
    assert "Pengendali Teknis" in page(client, evaluation)
