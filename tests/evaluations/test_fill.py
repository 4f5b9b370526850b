"""The LKE page of an evaluation: who sees which layers, saving answers (htmx and plain POST),
invalid and stale answers, permissions, and a constant number of queries."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from zona.evaluations.models import Answer, Layer, LayerScore, Stage
from zona.lke.model import CHOICE_OPTIONS

HTMX = {"HTTP_HX_REQUEST": "true"}


def in_id(text: str) -> str:
    """A message of the interface as the Indonesian catalogue has it (the msgid until compiled)."""
    with translation.override("id"):
        return translation.gettext(text)


def score_layers(client, evaluation) -> list[str]:
    """The layers in the score panel's columns, in order (the panel loads beside the page)."""
    url = reverse("evaluations:score_panel", args=[evaluation.pk])
    panel = client.get(url, **HTMX).content.decode()
    return re.findall(r'<th scope="col" class="num[^"]*" data-layer="(\w+)"', panel)


def page_of(client, evaluation, no: str) -> str:
    """The workspace opened at question `no` (its section)."""
    url = reverse("evaluations:detail", args=[evaluation.pk])
    return client.get(f"{url}?q={no}").content.decode()


def block(page: str, no: str) -> str:
    """The HTML of one question block."""
    start = page.index(f'<article id="q-{no}"')
    return page[start : page.index("</article>", start)]


def answer_form(no: str) -> re.Pattern:
    return re.compile(
        rf'<form id="tf-answer-{no}" method="post" action="[^"]*/jawaban/{no}/" class="lke-answer"'
    )


# --- who sees what -----------------------------------------------------------------------------
ANONYMOUS_REDIRECTS = 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username, status",
    [
        ("norole", 404),
        ("sysadmin", 200),
        ("coordinator_a", 200),
        ("tpi_a", 200),
        ("tpi_lead_a", 200),
        ("leadership_a", 200),
        ("member_a1", 200),
        ("lead_a1", 200),
        ("tpn", 404),  # not proposed yet: outside the national team's reach
    ],
)
def test_who_may_open_the_page(client, login, evaluation, urls, username, status):
    assert client.get(urls("detail", evaluation)).status_code == ANONYMOUS_REDIRECTS
    assert login(username).get(urls("detail", evaluation)).status_code == status


@pytest.mark.django_db
def test_unit_member_fills_the_unit_layer_only(login, evaluation, urls):
    client = login("member_a1")
    page = client.get(urls("detail", evaluation)).content.decode()
    assert score_layers(client, evaluation) == ["unit"]
    assert answer_form("1").search(page)  # an answer control per question of the first area
    assert len(answer_form(r"\w+").findall(page)) == 12  # Manajemen Perubahan (Pemenuhan)
    assert 'name="value" value="a" id="q-2-o-a"' in page  # radio with the option letter
    assert "Jika dengan prosedur/mekanisme yang jelas" in block(page, "2")  # …and its criterion
    hasil = page_of(client, evaluation, "125")
    assert 'id="q-125-value"' in hasil and 'inputmode="decimal"' in block(hasil, "125")
    assert "q89 / q88" in page_of(client, evaluation, "88")  # a computed item, its formula
    panel = client.get(urls("score_panel", evaluation), **HTMX).content.decode()
    assert in_id("Where effort pays most") in panel  # the gap analysis is there


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["coordinator_a", "leadership_a", "tpi_a"])
def test_instansi_side_reads_without_writing_in_draft(login, evaluation, urls, username):
    client = login(username)
    page = client.get(urls("detail", evaluation)).content.decode()
    assert score_layers(client, evaluation) == ["unit", "tpi"]
    assert not answer_form("1").search(page)  # read-only: values, no inputs
    assert 'name="value"' not in page


@pytest.mark.django_db
def test_tpi_answers_beside_the_units_answer_and_sees_differences(
    login, evaluation, urls, answer, set_stage
):
    answer("member_a1", evaluation, "2", Layer.UNIT, "a", "SK tim terlampir")
    set_stage(evaluation, Stage.TPI_REVIEW)
    answer("tpi_a", evaluation, "2", Layer.TPI, "b")
    client = login("tpi_a")
    page = client.get(urls("detail", evaluation)).content.decode()
    assert score_layers(client, evaluation) == ["unit", "tpi"]
    two = block(page, "2")
    assert answer_form("2").search(two)
    assert 'data-layer="unit"' in two and "SK tim terlampir" in two  # the unit's answer…
    assert 'value="b" id="q-2-o-b" checked' in two  # …beside the TPI's own
    assert "lke-differs" in two and "≠" in two  # marked with a sign, not colour alone


@pytest.mark.django_db
def test_tpi_answers_stay_hidden_from_the_unit_until_released(
    login, evaluation, urls, answer, set_stage, world
):
    set_stage(evaluation, Stage.TPI_REVIEW)
    answer("tpi_a", evaluation, "3", Layer.TPI, "tidak", "CATATAN-TPI-3")
    client = login("member_a1")
    page = client.get(urls("detail", evaluation)).content.decode()
    assert score_layers(client, evaluation) == ["unit"]
    assert "CATATAN-TPI-3" not in page
    history = login("member_a1").get(urls("history", evaluation, "3")).content.decode()
    assert "CATATAN-TPI-3" not in history and "tpi_a" not in history

    assert login("member_a1").post(urls("release_tpi", evaluation)).status_code == 403
    response = login("tpi_lead_a").post(urls("release_tpi", evaluation))
    assert response.status_code == 302
    client = login("member_a1")
    page = client.get(urls("detail", evaluation)).content.decode()
    assert score_layers(client, evaluation) == ["unit", "tpi"]
    assert "CATATAN-TPI-3" in block(page, "3")


@pytest.mark.django_db
def test_tpn_sees_every_layer_once_proposed(login, evaluation, urls, set_stage):
    set_stage(evaluation, Stage.PROPOSED)
    client = login("tpn")
    page = client.get(urls("detail", evaluation)).content.decode()
    assert score_layers(client, evaluation) == ["unit", "tpi", "tpn"]
    assert not answer_form("1").search(page)  # not the TPN's stage to answer yet
    set_stage(evaluation, Stage.TPN_DESK)
    page = login("tpn").get(urls("detail", evaluation)).content.decode()
    assert answer_form("1").search(page)


@pytest.mark.django_db
def test_decided_evaluation_is_read_only_for_everyone(login, evaluation, urls, set_stage):
    set_stage(evaluation, Stage.DECIDED)
    for username in ("member_a1", "tpi_a", "tpn", "sysadmin"):
        client = login(username)
        page = client.get(urls("detail", evaluation)).content.decode()
        assert 'name="value"' not in page, username
    assert score_layers(client, evaluation) == ["unit", "tpi", "tpn"]


# --- saving ------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_htmx_save_returns_the_block_saved_and_updates_the_score(login, evaluation, urls):
    client = login("member_a1")
    response = client.post(
        urls("answer", evaluation, "1"), {"value": "ya", "note": "SK 12", "version": "0"}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "answerSaved"
    html = response.content.decode()
    assert html.startswith('<article id="q-1"') and 'data-state="saved"' in html
    assert in_id("Saved") in html  # "Tersimpan"
    assert 'value="ya" id="q-1-o-ya" checked' in html
    # The outline's links of the area and sub-component that hold the question and the score
    # line come along, out of band, with the new counts; nothing else of the outline.
    links = re.findall(
        r'<a id="ol-([^"]+)"[^>]* hx-swap-oob="outerHTML" aria-label="([^"]+)"', html
    )
    assert links == [
        ("A.I.1", "Manajemen Perubahan: 1 dari 12 dijawab, 0 dengan bukti dukung"),
        ("A.I.1.i", "Penyusunan Tim Kerja: 1 dari 2 dijawab, 0 dengan bukti dukung, nilai 0,50"),
    ]
    assert 'id="lke-outline"' not in html
    assert '<span id="lke-summary" hx-swap-oob="true">' in html
    assert '<input type="hidden" name="version" value="1">' in html
    assert 'hx-swap-oob="innerHTML"' in html  # the page-wide live region hears it too
    saved = Answer.objects.get(evaluation=evaluation, question="1", layer=Layer.UNIT)
    assert (saved.value, saved.note, saved.version) == ("ya", "SK 12", 1)
    score = LayerScore.objects.get(evaluation=evaluation, layer=Layer.UNIT)
    # Question 2 unanswered is left out of the mean (the workbook's AVERAGE): Tim Kerja is worth
    # its whole weight 0.5; every other sub-component has no answer, so the total has no value
    # yet (the stored total is the floor, with the reasons beside it).
    assert score.total == Decimal("0.5000") and score.total_or_none is None
    assert score.not_computable["A"] == "missing_input" and "A.I.1.i" not in score.not_computable
    panel = client.get(urls("score_panel", evaluation), **HTMX).content.decode()
    assert 'hx-trigger="answerSaved from:body"' in panel


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page, links",
    [
        ("lke/A.I.1.i/", ["A.I.1", "A.I.1.i"]),  # the sub-component's own page: it is current
        ("lke/A.II/", ["A.I.1"]),  # another area open: its sub-components are not on the page
        ("?saring=belum", ["A.I.1"]),  # a filter's page: nothing is current
        ("?q=1", ["A.I.1", "A.I.1.i"]),
    ],
)
def test_a_save_sends_the_outline_links_the_page_shows(login, evaluation, urls, page, links):
    client = login("member_a1")
    address = f"http://testserver{urls('detail', evaluation)}{page}"
    response = client.post(
        urls("answer", evaluation, "1"), {"value": "ya", "note": "", "version": "0"},
        HTTP_HX_CURRENT_URL=address, **HTMX,
    )  # fmt: skip
    html = response.content.decode()
    sent = re.findall(r'<a id="ol-([^"]+)"([^>]*) hx-swap-oob', html)
    assert [code for code, _rest in sent] == links
    current = [code for code, rest in sent if 'aria-current="page"' in rest]
    assert current == ({"lke/A.I.1.i/": ["A.I.1.i"], "?q=1": ["A.I.1"]}.get(page, []))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "no, typed, message",
    [
        ("125", "5", "Pertanyaan 125: indeks harus antara 0 dan 4 (5)"),
        ("125", "tiga", "Pertanyaan 125: jawaban harus berupa angka, bukan &#x27;tiga&#x27;"),
        ("88", "2,5", "Pertanyaan 88: jumlah harus bilangan bulat (2,5)"),
        ("2", "z", "Pertanyaan 2: &#x27;z&#x27; bukan jawaban jenis abc; yang boleh: a/b/c"),
        (
            "88",
            "1e300",
            "Pertanyaan 88: angka 1e300 terlalu besar (paling besar 1.000.000.000.000)",
        ),
        (
            "125",
            "3,1234567",
            "Pertanyaan 125: 3,1234567 memakai lebih dari 6 angka di belakang koma",
        ),
    ],
)
def test_invalid_answer_is_refused_in_indonesian_and_kept(
    login, evaluation, urls, no, typed, message
):
    response = login("member_a1").post(
        urls("answer", evaluation, no), {"value": typed, "note": "catatan saya", "version": "0"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html and 'data-state="error"' in html
    if no != "2":  # a number field shows what was typed
        assert f'value="{typed}"' in html and 'aria-invalid="true"' in html
    assert "catatan saya" in html  # the note is not lost either
    assert not Answer.objects.filter(evaluation=evaluation, question=no, version__gt=0).exists()


@pytest.mark.django_db
def test_decimal_comma_is_accepted_and_shown_back(login, evaluation, urls):
    client = login("member_a1")
    response = client.post(
        urls("answer", evaluation, "125"), {"value": "3,62", "note": "", "version": "0"}, **HTMX
    )
    assert response.status_code == 200
    assert Answer.objects.get(evaluation=evaluation, question="125").value == "3.62"
    assert 'value="3,62"' in response.content.decode()
    client.cookies["django_language"] = "en"
    assert 'value="3.62"' in block(page_of(client, evaluation, "125"), "125")


@pytest.mark.django_db
def test_stale_write_shows_the_newer_answer_and_keeps_the_typed_one(
    login, evaluation, urls, answer
):
    answer("member_a1", evaluation, "4", Layer.UNIT, "a", "versi anggota")
    response = login("lead_a1").post(
        urls("answer", evaluation, "4"), {"value": "c", "note": "versi ketua", "version": "0"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 409
    html = response.content.decode()
    assert 'data-state="stale"' in html and "member_a1" in html
    assert "<strong>A</strong> — versi anggota" in html  # the newer answer, by the other person
    assert 'value="c" id="q-4-o-c" checked' in html  # what this person chose
    assert "versi ketua" in html
    assert '<input type="hidden" name="version" value="1">' in html  # saving again overrides
    stored = Answer.objects.get(evaluation=evaluation, question="4", layer=Layer.UNIT)
    assert (stored.value, stored.version) == ("a", 1)
    again = login("lead_a1").post(
        urls("answer", evaluation, "4"), {"value": "c", "note": "versi ketua", "version": "1"},
        **HTMX,
    )  # fmt: skip
    assert again.status_code == 200
    stored.refresh_from_db()
    assert (stored.value, stored.version) == ("c", 2)


@pytest.mark.django_db
def test_without_javascript_a_save_comes_back_to_the_question(login, evaluation, urls):
    client = login("member_a1")
    response = client.post(urls("answer", evaluation, "7"), {"value": "b", "version": "0"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/evaluasi/{evaluation.pk}/?q=7#q-7")
    page = client.get(response["Location"]).content.decode()
    assert in_id("Answer to question %(no)s saved.") % {"no": "7"} in page
    assert '<section class="lke-group lke-depth-0" id="n-A.I.1"' in page  # its area is shown
    assert 'value="b" id="q-7-o-b" checked' in block(page, "7")
    refused = client.post(urls("answer", evaluation, "125"), {"value": "9", "version": "0"})
    assert refused.status_code == 422  # the whole page, with the typed value in place
    assert 'value="9"' in block(refused.content.decode(), "125")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stage, username, status",
    [
        (Stage.DRAFT, "tpi_a", 403),  # sees the evaluation, not their layer's stage
        (Stage.DRAFT, "coordinator_a", 403),
        (Stage.DRAFT, "leadership_a", 403),
        (Stage.DRAFT, "tpn", 404),  # outside their reach before the proposal
        (Stage.DRAFT, "norole", 404),
        (Stage.TPI_REVIEW, "member_a1", 403),  # the unit's layer is closed during the review
        (Stage.PROPOSED, "tpn", 403),
        (Stage.DECIDED, "lead_a1", 403),
    ],
)
def test_writing_outside_ones_layer_or_stage(
    login, evaluation, urls, set_stage, stage, username, status
):
    set_stage(evaluation, stage)
    response = login(username).post(
        urls("answer", evaluation, "1"), {"value": "ya", "version": "0"}, **HTMX
    )
    assert response.status_code == status
    assert not Answer.objects.filter(evaluation=evaluation, version__gt=0).exists()


@pytest.mark.django_db
def test_unknown_question_and_wrong_method(login, evaluation, urls):
    client = login("member_a1")
    assert client.post(urls("answer", evaluation, "999"), {"value": "a"}).status_code == 404
    assert client.get(urls("answer", evaluation, "1")).status_code == 405


@pytest.mark.django_db
def test_each_layer_answers_in_its_own_row(login, evaluation, urls, answer, set_stage):
    answer("member_a1", evaluation, "1", Layer.UNIT, "ya")
    set_stage(evaluation, Stage.TPI_REVIEW)
    client = login("tpi_a")
    response = client.post(
        urls("answer", evaluation, "1"), {"value": "tidak", "version": "0"}, **HTMX
    )
    assert response.status_code == 200
    layers = dict(
        Answer.objects.filter(evaluation=evaluation, question="1").values_list("layer", "value")
    )
    assert layers == {"unit": "ya", "tpi": "tidak"}


# --- performance -------------------------------------------------------------------------------
def fill(evaluation, username_by_layer, world, count=None):
    """Fill `count` questions (all when None) of each layer directly, as a finished LKE has."""
    framework = evaluation.framework.framework()
    rows = []
    for layer, username in username_by_layer.items():
        for index, (no, q) in enumerate(framework.questions.items()):
            if count is not None and index >= count:
                break
            value = CHOICE_OPTIONS[q.type][0] if q.type in CHOICE_OPTIONS else "3"
            rows.append(
                Answer(evaluation=evaluation, question=no, layer=layer, value=value, version=1,
                       note=f"catatan {no}", updated_by=world.users[username])
            )  # fmt: skip
    Answer.objects.bulk_create(rows)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_answers(
    client, login, world, frameworks, urls, set_stage, django_assert_max_num_queries,
    django_assert_num_queries,
):  # fmt: skip
    from zona.evaluations import actions

    small = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    full = actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    layers = {Layer.UNIT: "lead_a1", Layer.TPI: "tpi_a", Layer.TPN: "tpn"}
    fill(small, layers, world, count=5)
    fill(full, layers, world)
    for evaluation in (small, full):
        set_stage(evaluation, Stage.TPN_DESK, tpi_released=True)
    client = login("tpn")
    counts = []
    for evaluation in (small, full):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls("detail", evaluation))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # Session, user, roles, the evaluation; the workspace's answers, revision requests (open and
    # just closed), comments, history counts, evidence, last submission; the stage panel.
    with django_assert_max_num_queries(14):
        client.get(urls("detail", full))
    with django_assert_max_num_queries(12):  # another area, through htmx, with the outline
        client.get(urls("section", full, "A.I.6"), **HTMX)
    with django_assert_max_num_queries(10):
        client.get(urls("score_panel", full), **HTMX)
    # A save: the action's own reads and writes (with its savepoints), then the block's loads.
    with django_assert_max_num_queries(24):
        client.post(urls("answer", full, "1"), {"value": "tidak", "version": "1"}, **HTMX)


@pytest.mark.django_db
def test_the_page_shows_every_change_at_once(login, evaluation, urls, answer, set_stage, world):
    """The fragments are cached by a stamp of what they show: any change shows on the next load."""
    from zona.evaluations import actions

    client = login("lead_a1")
    page = lambda: client.get(urls("detail", evaluation)).content.decode()  # noqa: E731
    assert "versi pertama" not in page()
    answer("member_a1", evaluation, "2", Layer.UNIT, "a", "versi pertama")
    assert "versi pertama" in block(page(), "2")
    answer("member_a1", evaluation, "2", Layer.UNIT, "a", "versi kedua")
    assert "versi kedua" in block(page(), "2") and "Riwayat (2)" in block(page(), "2")
    actions.add_comment(world.users["member_a1"], evaluation, "2", "KOMENTAR-BARU", False)
    assert "KOMENTAR-BARU" in block(page(), "2")
    actions.add_evidence(
        world.users["member_a1"], evaluation, "2", description="BUKTI-BARU",
        url="https://contoh.go.id/sk.pdf",
    )  # fmt: skip
    assert "BUKTI-BARU" in block(page(), "2")
    set_stage(evaluation, Stage.TPI_REVIEW)
    actions.request_revision(world.users["tpi_a"], evaluation, "2", "ALASAN-PERBAIKAN")
    shown = page()
    assert "ALASAN-PERBAIKAN" in block(shown, "2") and 'name="value"' not in shown
    actions.request_revision(world.users["tpi_a"], evaluation, "2", "ALASAN-KEDUA")
    assert "ALASAN-KEDUA" in block(page(), "2")


@pytest.mark.django_db
def test_forms_carry_the_requests_csrf_token(evaluation, urls, world):
    """Without JavaScript a cached form takes its token from a field outside it (`form=`):
    the form data a browser sends, posted with CSRF checks on, saves."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["member_a1"])
    page = client.get(urls("detail", evaluation)).content.decode()
    assert "csrfmiddlewaretoken" not in block(page, "4")  # the block itself (cached) has none
    data = form_data(page, "tf-answer-4")
    assert data["csrfmiddlewaretoken"] and data["version"] == "0"
    data["value"] = "b"
    response = client.post(urls("answer", evaluation, "4"), data)
    assert response.status_code == 302
    assert Answer.objects.get(evaluation=evaluation, question="4", layer=Layer.UNIT).value == "b"
    del data["csrfmiddlewaretoken"]
    assert client.post(urls("answer", evaluation, "4"), data).status_code == 403


def form_data(page: str, form_id: str) -> dict[str, str]:
    """The fields a browser sends with the form `form_id`: its own hidden fields and those
    elsewhere in the page that name it in their `form` attribute (HTML's form owner)."""
    from html.parser import HTMLParser

    class Fields(HTMLParser):
        def __init__(self):
            super().__init__()
            self.inside, self.data = False, {}

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                self.inside = a.get("id") == form_id
            elif tag == "input" and a.get("type") == "hidden" and a.get("name"):
                owner = a.get("form", form_id if self.inside else None)
                self.data.update({a["name"]: a.get("value", "")} if owner == form_id else {})

        def handle_endtag(self, tag):
            if tag == "form":
                self.inside = False

    parser = Fields()
    parser.feed(page)
    return parser.data


# --- the page around the questions ----------------------------------------------------------
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')


@pytest.mark.django_db
def test_the_page_is_the_same_rendered_twice(login, evaluation, urls, answer, world):
    from zona.evaluations import actions

    answer("member_a1", evaluation, "2", Layer.UNIT, "a", "catatan <b>tebal</b>")
    actions.add_comment(world.users["member_a1"], evaluation, "3", "Komentar & <i>tanya</i>", False)
    client = login("member_a1")
    cold = client.get(urls("detail", evaluation)).content.decode()
    warm = client.get(urls("detail", evaluation)).content.decode()
    assert TOKEN.sub("", cold) == TOKEN.sub("", warm)
    for page in (cold, warm):
        # Each part once, in the order of the page: outline, questions, scores.
        assert page.count('id="score-panel"') == 1 and page.count('<article id="q-2"') == 1
        assert page.index('id="lke-outline"') < page.index('<article id="q-1"')
        assert page.index('<article id="q-1"') < page.index('class="lke-side"')
        assert page.index('class="lke-side"') < page.index('id="score-panel"')
        assert "catatan &lt;b&gt;tebal&lt;/b&gt;" in block(page, "2")
        assert "Komentar &amp; &lt;i&gt;tanya&lt;/i&gt;" in block(page, "3")
    # the request's token, for every form and in the htmx header
    values = re.findall(r'(?:name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([^"]+)"', warm)
    assert len(values) > 2 and len(set(values)) == 1


@pytest.mark.django_db
def test_internal_comments_only_for_the_evaluators(login, evaluation, urls, set_stage, world):
    """Two TPI evaluators read the TPI's internal comments; the coordinator, the leadership and
    the unit do not."""
    from zona.evaluations import actions

    set_stage(evaluation, Stage.TPI_REVIEW)
    users = world.users
    actions.add_comment(users["tpi_a"], evaluation, "6", "INTERN: cek laporan", True)
    assert "INTERN: cek laporan" in login("tpi_a").get(urls("detail", evaluation)).content.decode()
    assert (
        "INTERN: cek laporan"
        in login("tpi_lead_a").get(urls("detail", evaluation)).content.decode()
    )
    for username in ("coordinator_a", "leadership_a", "member_a1"):
        page = login(username).get(urls("detail", evaluation)).content.decode()
        assert "INTERN" not in page, username


@pytest.mark.django_db
def test_the_page_has_no_inline_script(login, evaluation, urls):
    """The Content-Security-Policy will allow scripts from 'self' only: the page's behaviour
    lives in a static file."""
    page = login("member_a1").get(urls("detail", evaluation)).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all(" src=" in tag for tag in scripts)
    assert '<script src="/static/evaluations/lke.js" defer></script>' in main
    assert not re.search(r"\son[a-z]+=", main) and "hx-on" not in main
    assert 'data-failed="' in main  # the words the script shows come from the page


@pytest.mark.django_db
def test_measured_items_point_to_the_hasil_page(login, evaluation):
    """Items fed by a survey or the findings register (125 IPAK, 127 IPKP in 2021) say where
    their value comes from; judged items do not."""
    client = login("member_a1")
    html = page_of(client, evaluation, "125")  # the Hasil part: 125, 126, 127
    hasil = reverse("feeds:page", args=[evaluation.pk])
    fed = [no for no in ("125", "126", "127") if f'href="{hasil}"' in _block(html, no)]
    assert fed == ["125", "127"]
    assert f'href="{hasil}"' not in _block(page_of(client, evaluation, "2"), "2")
    assert "Butir ini memakai nilai terukur" in _block(html, "125")


def _block(html: str, no: str) -> str:
    start = html.index(f'<article id="q-{no}"')
    return html[start : html.index("</article>", start)]


@pytest.mark.django_db
def test_the_lke_page_links_its_report(login, evaluation):
    html = login("member_a1").get(evaluation.get_absolute_url()).content.decode()
    assert reverse("dashboards:report", args=[evaluation.pk]) in html
    assert reverse("dashboards:report_pdf", args=[evaluation.pk]) in html
