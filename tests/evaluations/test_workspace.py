"""The LKE workspace: one area at a time beside the outline and its counts, the filters over the
whole LKE, "next unanswered", "setuju dengan unit", the revision loop (reply, close, reopen,
what changed), evidence in one step, and the print view (now, and as submitted)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.evaluations.models import (
    Answer,
    AnswerChange,
    EvidenceLink,
    Layer,
    RevisionRequest,
    Stage,
    StageChange,
)
from zona.evaluations.workspace import Workspace, section_codes

HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def in_id(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def block(page: str, no: str) -> str:
    start = page.index(f'<article id="q-{no}"')
    return page[start : page.index("</article>", start)]


def shown(page: str) -> list[str]:
    """The question numbers shown, in order."""
    return re.findall(r'<article id="q-(\w+)"', page)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- sections and the outline -------------------------------------------------------------------
@pytest.mark.django_db
def test_sections_are_the_areas_and_the_hasil_part(frameworks):
    from zona.lke.registry import builtin_framework

    framework = builtin_framework("lke-2021")
    codes = section_codes(framework)
    assert codes[:2] == ("A.I.1", "A.I.2") and codes[-1] == "B"
    assert len(codes) == 13  # six areas in Pemenuhan, six in Reform, and Hasil
    every = [no for code in codes for no in _under(framework, code)]
    assert every == list(framework.questions)  # each question in exactly one section, in order


def _under(framework, code):
    from zona.evaluations.workspace import questions_under

    return questions_under(framework, code)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, first, count",
    [
        ("", "1", 12),  # the first area
        ("?q=70", "69", 19),  # the area holding question 70: Pelayanan Publik (Pemenuhan)
        ("lke/A.I.6.iii/", "79", 3),  # one sub-component
        ("lke/B/", "125", 3),  # Hasil
    ],
)
def test_one_section_at_a_time_each_with_its_own_url(login, evaluation, path, first, count):
    base = reverse("evaluations:detail", args=[evaluation.pk])
    page = login("member_a1").get(base + path).content.decode()
    numbers = shown(page)
    assert numbers[0] == first and len(numbers) == count


@pytest.mark.django_db
def test_an_unknown_section_is_not_found(login, evaluation, urls):
    assert login("member_a1").get(urls("section", evaluation, "Z.9")).status_code == 404


@pytest.mark.django_db
def test_htmx_gets_the_work_part_with_the_outline_out_of_band(login, evaluation, urls):
    html = login("member_a1").get(urls("section", evaluation, "A.I.2"), **HTMX).content.decode()
    assert "<html" not in html and '<nav class="navbar' not in html
    assert '<details class="lke-outline-box" id="lke-outline" hx-swap-oob="outerHTML"' in html
    assert shown(html)[0] == "13"  # Penataan Tatalaksana starts at question 13
    assert 'aria-current="page"' in html  # the outline marks where we are


@pytest.mark.django_db
def test_outline_counts_answers_evidence_revisions_and_differences(
    login, evaluation, answer, set_stage, world
):
    for no, value in (("1", "ya"), ("2", "a"), ("3", "ya")):
        answer("member_a1", evaluation, no, Layer.UNIT, value)
    actions.add_evidence(
        world.users["member_a1"], evaluation, "1", description="SK Tim", url="https://a.go.id/sk"
    )
    set_stage(evaluation, Stage.TPI_REVIEW)
    answer("tpi_a", evaluation, "2", Layer.TPI, "b")  # differs from the unit
    answer("tpi_a", evaluation, "1", Layer.TPI, "ya")
    actions.request_revision(world.users["tpi_a"], evaluation, "3", "Lengkapi notulen")
    ws = Workspace(world.users["tpi_a"], evaluation)
    tim = ws.node_counts["A.I.1.i"]  # questions 1 and 2
    assert (tim.total, tim.answered, tim.scored, tim.evidence) == (2, 2, 2, 1)
    assert (tim.revision, tim.differs) == (0, 1)
    area = ws.node_counts["A.I.1"]
    assert (area.total, area.answered, area.revision, area.differs) == (12, 2, 1, 1)
    # The TPI's main layer is its own: 2 of 12 answered there, the value from its answers.
    assert ws.node_value("A.I.1.i") == pytest.approx(0.5 * (1 + 0.5) / 2)


# --- filters and "next" ---------------------------------------------------------------------------
@pytest.fixture
def reviewed(evaluation, answer, set_stage, world):
    """Unit answered 1–4 (evidence on 1), submitted; TPI answered 1 (same) and 2 (differs),
    asked to revise 3, commented on 4; the unit changed 4 after submitting."""
    for no, value in (("1", "ya"), ("2", "a"), ("3", "ya"), ("4", "a")):
        answer("member_a1", evaluation, no, Layer.UNIT, value)
    actions.add_evidence(
        world.users["member_a1"], evaluation, "1", description="SK Tim", url="https://a.go.id/sk"
    )
    StageChange.objects.create(
        evaluation=evaluation, from_stage=Stage.DRAFT, to_stage=Stage.SUBMITTED
    )
    answer("member_a1", evaluation, "4", Layer.UNIT, "b")  # after the submission
    set_stage(evaluation, Stage.TPI_REVIEW)
    answer("tpi_a", evaluation, "1", Layer.TPI, "ya")
    answer("tpi_a", evaluation, "2", Layer.TPI, "b")
    actions.request_revision(world.users["tpi_a"], evaluation, "3", "Lengkapi notulen")
    actions.add_comment(world.users["tpi_a"], evaluation, "4", "Cek tanggal SK", False)
    return evaluation


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, first, count",
    [
        ("belum", "3", 126),  # the TPI's own layer: all but 1 and 2
        ("tanpa-bukti", "2", 104),  # 105 scored questions, one with evidence
        ("perbaikan", "3", 1),
        ("berbeda", "2", 1),  # only 2: a layer not answered differs from nothing
        ("berubah", "4", 1),
        ("komentar", "4", 1),
    ],
)
def test_each_filter_shows_the_matching_questions_of_the_whole_lke(
    login, reviewed, urls, kind, first, count
):
    page = login("tpi_a").get(urls("detail", reviewed) + f"?saring={kind}").content.decode()
    numbers = shown(page)
    assert numbers[0] == first and len(numbers) == count
    label = re.search(rf'\?saring={kind}"[^>]*>[^<]+<span class="badge text-bg-light">(\d+)<', page)
    assert label and int(label.group(1)) == count  # the bar counts what the filter shows


@pytest.mark.django_db
def test_the_changed_filter_appears_only_after_a_submission(login, evaluation, urls):
    page = login("member_a1").get(urls("detail", evaluation)).content.decode()
    assert "?saring=berubah" not in page and "?saring=belum" in page


@pytest.mark.django_db
def test_next_unanswered_and_next_needing_revision(login, reviewed, urls, world):
    client = login("tpi_a")
    page = client.get(urls("detail", reviewed) + "?q=1").content.decode()
    assert 'id="lke-next-unanswered"' in page
    unanswered = re.search(
        r'id="lke-next-unanswered"[^>]*href="[^"]*\?q=(\w+)#', page
    ) or re.search(r'href="[^"]*\?q=(\w+)#q-\w+"[^>]*aria-keyshortcuts="Alt\+N"', page)
    assert unanswered.group(1) == "3"
    revision = re.search(r'href="[^"]*\?q=(\w+)#q-\w+"[^>]*aria-keyshortcuts="Alt\+R"', page)
    assert revision.group(1) == "3"
    ws = Workspace(world.users["tpi_a"], reviewed)
    assert ws.next_matching("belum", after="127") == "3"  # wraps round
    assert ws.next_matching("perbaikan", after="3") == "3"


# --- "setuju dengan unit" -----------------------------------------------------------------
@pytest.mark.django_db
def test_agree_with_the_unit_for_a_whole_sub_component(login, evaluation, urls, answer, set_stage):
    for no, value in (("6", "a"), ("7", "b"), ("8", "a")):  # A.I.1.iii, Pemantauan dan Evaluasi
        answer("member_a1", evaluation, no, Layer.UNIT, value, f"catatan unit {no}")
    set_stage(evaluation, Stage.TPI_REVIEW)
    answer("tpi_a", evaluation, "7", Layer.TPI, "c", "penilaian TPI sendiri")
    client = login("tpi_a")
    page = client.get(urls("section", evaluation, "A.I.1")).content.decode()
    assert in_id("Agree with the unit (%(n)s question)") not in page  # plural: 2 of them
    assert 'name="node" value="A.I.1.iii"' in page
    response = client.post(urls("agree", evaluation), {"node": "A.I.1.iii"}, **HTMX)
    assert response.status_code == 200 and response["HX-Trigger"] == "answerSaved"
    tpi = dict(
        Answer.objects.filter(evaluation=evaluation, layer=Layer.TPI).values_list(
            "question", "value"
        )
    )
    assert tpi == {"6": "a", "7": "c", "8": "a"}  # the TPI's own answer to 7 is kept
    # Recorded as the evaluator's answers, each in the history, and once in the audit trail.
    changes = AnswerChange.objects.filter(evaluation=evaluation, layer=Layer.TPI)
    assert sorted(changes.filter(by__username="tpi_a").values_list("question", flat=True)) == [
        "6", "7", "8"
    ]  # fmt: skip
    event = AuditEvent.objects.get(action="evaluation.agreed_with_unit")
    assert event.after == {"layer": "tpi", "questions": ["6", "8"]}
    assert (
        not Answer.objects.filter(evaluation=evaluation, layer=Layer.TPI, question="6")
        .exclude(note="")
        .exists()
    )  # the unit's note stays the unit's


@pytest.mark.django_db
def test_agree_with_the_unit_for_one_question(login, evaluation, urls, answer, set_stage):
    answer("member_a1", evaluation, "125", Layer.UNIT, "3.62")
    set_stage(evaluation, Stage.TPI_REVIEW)
    client = login("tpi_a")
    page = client.get(urls("detail", evaluation) + "?q=125").content.decode()
    assert "Setuju dengan unit (3,62)" in block(page, "125")
    response = client.post(urls("agree", evaluation), {"question": "125"}, **HTMX)
    html = response.content.decode()
    assert html.startswith('<article id="q-125"') and 'value="3,62"' in html
    assert Answer.objects.get(evaluation=evaluation, layer=Layer.TPI, question="125").value == (
        "3.62"
    )
    assert "Setuju dengan unit" not in block(html, "125")  # answered now: nothing to take


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stage, username, status",
    [
        (Stage.DRAFT, "tpi_a", 403),  # not the TPI's stage
        (Stage.TPI_REVIEW, "member_a1", 403),  # the unit has no layer to agree in
        (Stage.TPI_REVIEW, "coordinator_a", 403),
        (Stage.TPI_REVIEW, "norole", 404),
        (Stage.TPI_REVIEW, "tpn", 404),
        (Stage.TPI_REVIEW, "tpi_lead_a", 200),
        (Stage.TPN_DESK, "tpn", 200),
    ],
)
def test_who_may_agree_with_the_unit(
    login, evaluation, urls, answer, set_stage, stage, username, status
):
    answer("member_a1", evaluation, "1", Layer.UNIT, "ya")
    set_stage(evaluation, stage)
    response = login(username).post(urls("agree", evaluation), {"question": "1"}, **HTMX)
    assert response.status_code == status
    taken = Answer.objects.filter(evaluation=evaluation, question="1").exclude(layer=Layer.UNIT)
    assert taken.exists() == (status == 200)


# --- the revision loop --------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_revision_loop_request_reply_see_what_changed_close_reopen(
    login, evaluation, urls, answer, set_stage, world
):
    u = world.users
    answer("member_a1", evaluation, "2", Layer.UNIT, "b", "SK lama")
    old = actions.add_evidence(
        u["member_a1"], evaluation, "2", description="SK 2024", url="https://a.go.id/sk-2024"
    )
    set_stage(evaluation, Stage.TPI_REVIEW)
    actions.request_revision(u["tpi_a"], evaluation, "2", "Lampirkan SK yang berlaku")
    set_stage(evaluation, Stage.RETURNED)

    # The unit revises: a new answer and note, new evidence in, the old one out; then replies.
    client = login("member_a1")
    answer("member_a1", evaluation, "2", Layer.UNIT, "a", "SK baru terlampir")
    client.post(urls("evidence_quick", evaluation, "2"), {"url": "https://a.go.id/sk-2026"}, **HTMX)
    link = EvidenceLink.objects.get(evaluation=evaluation, question="2", evidence=old)
    actions.detach_evidence(u["member_a1"], link)
    response = client.post(
        urls("revision_loop", evaluation, "2"), {"do": "reply", "reply": "Sudah diganti"}, **HTMX
    )
    assert response.status_code == 200
    assert "Sudah diganti" in response.content.decode()

    # The TPI sees the reply and exactly what changed since the request.
    set_stage(evaluation, Stage.TPI_REVIEW)
    page = login("tpi_a").get(urls("detail", evaluation)).content.decode()
    two = block(page, "2")
    assert "Sudah diganti" in two
    assert "B → <strong>A</strong>" in two and "SK baru terlampir" in two
    assert "bukti ditambahkan: a.go.id/sk-2026" in two
    assert "bukti dilepas: SK 2024" in two
    assert not RevisionRequest.objects.get(question="2").resolved_at  # still open
    # Closing it frees "finalise" of it; reopening brings it back.
    response = login("tpi_a").post(urls("revision_loop", evaluation, "2"), {"do": "close"}, **HTMX)
    assert in_id("Revision request closed.") in response.content.decode()
    closed = RevisionRequest.objects.get(question="2")
    assert closed.resolved_at is not None and closed.resolved_by == u["tpi_a"]
    assert in_id("Reopen the request") in response.content.decode()
    login("tpi_a").post(urls("revision_loop", evaluation, "2"), {"do": "reopen"}, **HTMX)
    assert RevisionRequest.objects.get(question="2").resolved_at is None
    actions_logged = list(
        AuditEvent.objects.filter(action__startswith="evaluation.revision_")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions_logged == [
        "evaluation.revision_requested", "evaluation.revision_replied",
        "evaluation.revision_closed", "evaluation.revision_reopened",
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stage, username, do, status",
    [
        (Stage.RETURNED, "member_a1", "reply", 200),
        (Stage.RETURNED, "tpi_a", "reply", 403),  # the TPI does not reply for the unit
        (Stage.RETURNED, "member_a1", "close", 403),  # the unit cannot close its own request
        (Stage.TPI_REVIEW, "tpi_a", "close", 200),
        (Stage.TPI_REVIEW, "coordinator_a", "close", 403),
        (Stage.TPI_REVIEW, "norole", "close", 404),
        (Stage.TPI_REVIEW, "tpi_a", "nonsense", 404),
    ],
)
def test_who_may_move_the_revision_loop(
    login, evaluation, urls, set_stage, world, stage, username, do, status
):
    set_stage(evaluation, Stage.TPI_REVIEW)
    actions.request_revision(world.users["tpi_a"], evaluation, "2", "Perbaiki")
    set_stage(evaluation, stage)
    response = login(username).post(
        urls("revision_loop", evaluation, "2"), {"do": do, "reply": "Sudah"}, **HTMX
    )
    assert response.status_code == status


@pytest.mark.django_db
def test_an_empty_reply_is_refused_with_a_reason(login, evaluation, urls, set_stage, world):
    set_stage(evaluation, Stage.TPI_REVIEW)
    actions.request_revision(world.users["tpi_a"], evaluation, "2", "Perbaiki")
    set_stage(evaluation, Stage.RETURNED)
    response = login("member_a1").post(
        urls("revision_loop", evaluation, "2"), {"do": "reply", "reply": "  "}, **HTMX
    )
    assert response.status_code == 422
    assert in_id("Say what was revised.") in response.content.decode()


# --- evidence in one step -------------------------------------------------------------------------
@pytest.mark.django_db
def test_several_files_and_a_link_in_one_step(login, evaluation, urls):
    files = [
        SimpleUploadedFile("SK_Tim_ZI.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("notulen.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("virus.exe", b"MZ...", content_type="application/octet-stream"),
    ]
    response = login("member_a1").post(
        urls("evidence_quick", evaluation, "1"),
        {"files": files, "url": "https://unit.go.id/zi/sk"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    names = sorted(
        EvidenceLink.objects.filter(evaluation=evaluation, question="1").values_list(
            "evidence__description", flat=True
        )
    )
    assert names == ["SK Tim ZI", "notulen", "unit.go.id/zi/sk"]  # the refused file is not there
    assert "3 bukti dukung ditambahkan" in html and "virus.exe" in html  # named with its reason


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, stage, status",
    [
        ("member_a1", Stage.DRAFT, 200),
        ("tpi_a", Stage.DRAFT, 404),  # not the unit team: as if the form were not there
        ("norole", Stage.DRAFT, 404),
        ("member_a1", Stage.TPI_REVIEW, 200),  # told why in the block, nothing added
    ],
)
def test_who_may_add_evidence_in_one_step(
    login, evaluation, urls, set_stage, username, stage, status
):
    set_stage(evaluation, stage)
    response = login(username).post(
        urls("evidence_quick", evaluation, "1"), {"url": "https://unit.go.id/a"}, **HTMX
    )
    assert response.status_code == status
    added = EvidenceLink.objects.filter(evaluation=evaluation).exists()
    assert added == (username == "member_a1" and stage == Stage.DRAFT)


# --- print ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_print_view_now_and_as_submitted(login, evaluation, urls, answer):
    e = evaluation
    answer("member_a1", e, "1", Layer.UNIT, "ya", "versi diajukan")
    submitted = StageChange.objects.create(
        evaluation=e, from_stage=Stage.DRAFT, to_stage=Stage.SUBMITTED
    )
    answer("member_a1", e, "1", Layer.UNIT, "tidak", "versi sesudahnya")
    client = login("member_a1")
    now = client.get(urls("print", e)).content.decode()
    assert "versi sesudahnya" in now and 'name="value"' not in now
    assert now.count("<tr><td>") == len(e.framework.framework().questions)
    then = client.get(urls("print", e) + f"?saat={submitted.pk}").content.decode()
    assert "versi diajukan" in then and "versi sesudahnya" not in then
    assert client.get(urls("print", e) + "?saat=999999").status_code == 404
    assert login("norole").get(urls("print", e)).status_code == 404


@pytest.mark.django_db
def test_open_revision_requests_are_counted_on_the_home_page(login, evaluation, set_stage, world):
    set_stage(evaluation, Stage.TPI_REVIEW)
    actions.request_revision(world.users["tpi_a"], evaluation, "2", "Perbaiki")
    actions.request_revision(world.users["tpi_a"], evaluation, "3", "Perbaiki juga")
    set_stage(evaluation, Stage.RETURNED)
    home = login("member_a1").get(reverse("home")).content.decode()
    link = reverse("evaluations:detail", args=[evaluation.pk]) + "?saring=perbaikan"
    assert "2 permintaan perbaikan menunggu balasan Anda" in home and f'href="{link}"' in home
    actions.reply_to_revision(world.users["member_a1"], evaluation, "2", "Sudah")
    assert (
        "1 permintaan perbaikan menunggu balasan Anda"
        in login("member_a1").get(reverse("home")).content.decode()
    )
    set_stage(evaluation, Stage.TPI_REVIEW)
    home = login("tpi_a").get(reverse("home")).content.decode()
    assert "1 balasan perbaikan menunggu ditinjau dan ditutup" in home
    assert (
        "permintaan perbaikan menunggu balasan"
        not in login("coordinator_a").get(reverse("home")).content.decode()
    )
