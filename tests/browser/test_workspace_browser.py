"""The LKE workspace in a real browser: answering questions of every type with the keyboard only
(each saved as it is made), each filter, "setuju dengan unit" for a sub-component in one click,
and the revision loop from request to reply to close. Screenshots at 1366 and 390 px."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from world import PASSWORD, build_world

from zona.evaluations import actions
from zona.evaluations.models import Answer, Evaluation, NationalDeadline, RevisionRequest, Stage

pytestmark = pytest.mark.browser


@pytest.fixture
def scene(transactional_db):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_frameworks", stdout=StringIO())
    world = build_world()
    NationalDeadline.objects.create(year=2026, date=date(2099, 5, 31))
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    return world, evaluation


def set_stage(evaluation, stage):
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=stage)
    evaluation.refresh_from_db()


def section(live_server, evaluation, code=None):
    if code is None:
        return live_server.url + reverse("evaluations:detail", args=[evaluation.pk])
    return live_server.url + reverse("evaluations:section", args=[evaluation.pk, code])


def saved(page, no):
    expect(page.locator(f"#q-{no}-state")).to_contain_text("Tersimpan")


# (section, question, keys once the question has the focus, stored value)
KEYBOARD = [
    ("A.I.1", "1", ["Space"], "ya"),  # ya/tidak: the first option
    ("A.I.1", "2", ["Space", "ArrowDown"], "b"),  # A/B/C: arrows move the choice
    ("A.I.1", "3", ["Space", "ArrowDown"], "tidak"),
    ("A.I.1", "4", ["Space", "ArrowDown", "ArrowDown"], "c"),
    ("A.I.1", "5", ["Space"], "a"),
    ("A.II.1", "88", ["4", "Tab"], "4"),  # a count: typed, saved on leaving the field
    ("A.II.1", "89", ["3", "Tab"], "3"),
    ("B", "125", ["3", ",", "6", "2", "Tab"], "3.62"),  # an index with a decimal comma
    ("B", "126", ["Space", "ArrowDown"], "b"),  # A–E
    ("B", "127", ["3", ",", "5", "Tab"], "3.5"),
]


def test_ten_questions_answered_with_the_keyboard_only(
    page, live_server, login, scene, screenshots_dir
):
    _world, evaluation = scene
    login(page, live_server, "member_a1", PASSWORD)
    current = None
    for code, no, keys, _value in KEYBOARD:
        if code != current:
            page.goto(section(live_server, evaluation, code))
            page.locator("body").click(position={"x": 5, "y": 5})
            current, focused = code, None
        # Alt+↓ moves to the next question's first answer control.
        for _ in range(12):
            if focused == no:
                break
            page.keyboard.press("Alt+ArrowDown")
            focused = page.evaluate(
                "() => document.activeElement.closest('.lke-q')?.dataset.no || null"
            )
            assert focused is not None
        assert focused == no
        for key in keys:
            page.keyboard.press(key)
        saved(page, no)
    stored = dict(
        Answer.objects.filter(evaluation=evaluation, layer="unit").values_list("question", "value")
    )
    assert stored == {no: value for _c, no, _k, value in KEYBOARD}
    page.screenshot(path=screenshots_dir / "workspace-keyboard-1366.png")


def test_each_filter_shows_what_it_counts(page, live_server, login, scene):
    world, evaluation = scene
    member = world.users["member_a1"]
    for no, value in (("1", "ya"), ("2", "a"), ("3", "ya")):
        actions.save_answer(member, evaluation, no, "unit", value, "", 0)
    actions.add_evidence(member, evaluation, "1", description="SK Tim", url="https://a.go.id/s")
    actions.add_comment(member, evaluation, "2", "Perlu dicek lagi", False)
    login(page, live_server, "member_a1", PASSWORD)
    page.goto(section(live_server, evaluation))
    toolbar = page.get_by_role("toolbar")
    for label, count in (("Belum dijawab", 125), ("Tanpa bukti dukung", 104), ("Ada komentar", 1)):
        button = toolbar.get_by_role("link", name=re.compile(label))
        expect(button).to_contain_text(str(count))
        button.click()
        expect(page.locator("h2", has_text=label)).to_be_visible()
        expect(page.locator("article.lke-q")).to_have_count(count)
    toolbar.get_by_role("link", name="Per area").click()
    expect(page.locator("article.lke-q")).to_have_count(12)
    assert "saring" not in page.url


def test_agree_with_the_unit_for_a_sub_component_in_one_click(
    page, live_server, login, scene, screenshots_dir
):
    world, evaluation = scene
    member = world.users["member_a1"]
    for no, value in (("6", "a"), ("7", "b"), ("8", "c")):
        actions.save_answer(member, evaluation, no, "unit", value, "", 0)
    set_stage(evaluation, Stage.TPI_REVIEW)
    login(page, live_server, "tpi_a", PASSWORD)
    page.goto(section(live_server, evaluation, "A.I.1"))
    group = page.locator("#n-A\\.I\\.1\\.iii")
    group.get_by_role("button", name="Setuju dengan unit (3 pertanyaan)").click()
    expect(page.locator("#q-8")).to_contain_text("Unit")
    expect(group.get_by_role("button", name=re.compile("Setuju dengan unit"))).to_have_count(0)
    tpi = dict(
        Answer.objects.filter(evaluation=evaluation, layer="tpi").values_list("question", "value")
    )
    assert tpi == {"6": "a", "7": "b", "8": "c"}
    page.screenshot(path=screenshots_dir / "workspace-agreed-1366.png")


def test_the_revision_loop_request_reply_close(page, live_server, login, scene, screenshots_dir):
    world, evaluation = scene
    u = world.users
    actions.save_answer(u["member_a1"], evaluation, "2", "unit", "b", "", 0)
    set_stage(evaluation, Stage.TPI_REVIEW)
    actions.request_revision(u["tpi_a"], evaluation, "2", "Lampirkan SK yang berlaku")
    set_stage(evaluation, Stage.RETURNED)

    login(page, live_server, "member_a1", PASSWORD)
    page.goto(section(live_server, evaluation))
    two = page.locator("#q-2")
    expect(two).to_contain_text("Lampirkan SK yang berlaku")
    two.locator("#q-2-o-a").check()
    saved(page, "2")
    two.locator("#q-2-reply").fill("SK baru sudah dilampirkan")
    two.get_by_role("button", name="Sudah diperbaiki").click()
    expect(page.locator("#q-2")).to_contain_text("Balasan unit")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#q-2").screenshot(path=screenshots_dir / "workspace-reply-390.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    set_stage(evaluation, Stage.TPI_REVIEW)
    page.context.clear_cookies()
    login(page, live_server, "tpi_a", PASSWORD)
    page.goto(section(live_server, evaluation))
    two = page.locator("#q-2")
    expect(two).to_contain_text("SK baru sudah dilampirkan")
    expect(two).to_contain_text("B → A")  # what changed since the request
    two.get_by_role("button", name="Tutup permintaan (perbaikan diterima)").click()
    expect(page.locator("#q-2")).to_contain_text("Permintaan perbaikan ditutup")
    assert RevisionRequest.objects.get(question="2").resolved_by == u["tpi_a"]


def test_a_dropped_network_loses_nothing(page, live_server, login, scene):
    """The save of a note fails (network down): the note stays, the save is retried and lands;
    typed and then reloaded before the server had it: offered again and saved."""
    _world, evaluation = scene
    login(page, live_server, "member_a1", PASSWORD)
    page.goto(section(live_server, evaluation))
    failures = {"left": 1}

    def flaky(route):
        if failures["left"]:
            failures["left"] -= 1
            route.abort()
        else:
            route.continue_()

    page.route("**/jawaban/1/", flaky)
    page.locator("#q-1-note").fill("SK Tim nomor 12/2026")
    page.locator("#q-1-note").press("Tab")  # leaves the field: saved, and the first try fails
    expect(page.locator("#q-1-state")).to_contain_text("mencoba lagi")
    saved(page, "1")
    assert Answer.objects.get(evaluation=evaluation, question="1").note == "SK Tim nomor 12/2026"

    # Typed while the server cannot be reached, then the page is reloaded: nothing is lost.
    page.unroute("**/jawaban/1/")
    page.route("**/jawaban/2/", lambda route: route.abort())
    page.locator("#q-2-note").fill("Catatan yang belum terkirim")
    page.locator("#q-2-note").press("Tab")
    expect(page.locator("#q-2-state")).to_contain_text("mencoba lagi")
    page.unroute("**/jawaban/2/")
    page.reload()
    expect(page.locator("#q-2-note")).to_have_value("Catatan yang belum terkirim")
    saved(page, "2")
    assert Answer.objects.get(evaluation=evaluation, question="2").note == (
        "Catatan yang belum terkirim"
    )


def test_without_javascript_a_cached_page_still_saves(
    browser, live_server, login, scene, screenshots_dir
):
    """The forms of the cached parts carry no token: a browser without JavaScript sends the one
    the page gives outside them (`form=`). Loaded twice (the second from the cache), answered
    with the Save button, the answer is stored and the page says so."""
    _world, evaluation = scene
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID",
                                  java_script_enabled=False)  # fmt: skip
    page = context.new_page()
    try:
        login(page, live_server, "member_a1", PASSWORD)
        page.goto(section(live_server, evaluation, "A.I.1"))
        page.goto(section(live_server, evaluation, "A.I.1"))  # from the shared cache
        form = page.locator("#tf-answer-2")
        assert form.locator("[name=csrfmiddlewaretoken]").count() == 0
        form.locator("#q-2-o-b").check()
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert "403" not in page.title()
        stored = Answer.objects.get(evaluation=evaluation, layer="unit", question="2")
        assert stored.value == "b"
        expect(page.locator("#q-2-o-b")).to_be_checked()
        page.screenshot(path=screenshots_dir / "workspace-nojs-1366.png")
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=screenshots_dir / "workspace-nojs-390.png")
    finally:
        context.close()
