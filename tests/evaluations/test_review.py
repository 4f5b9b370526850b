"""Review on the LKE page: "perlu perbaikan" requests, comments (internal ones hidden from the
unit until the TPI releases its notes), releasing the TPI's notes, and each question's history."""

from __future__ import annotations

import pytest
from django.utils import translation

from zona.evaluations.models import Comment, Layer, RevisionRequest, Stage

HTMX = {"HTTP_HX_REQUEST": "true"}
REASON = "Lampirkan SK penetapan tim yang ditandatangani pimpinan."


def in_id(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def block(page: str, no: str) -> str:
    start = page.index(f'<article id="q-{no}"')
    return page[start : page.index("</article>", start)]


@pytest.fixture
def review(evaluation, set_stage):
    """The evaluation in the TPI's review."""
    return set_stage(evaluation, Stage.TPI_REVIEW)


# --- perlu perbaikan -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_tpi_marks_a_question_and_the_unit_sees_which_and_why(login, review, urls, set_stage):
    response = login("tpi_a").post(urls("revision", review, "2"), {"reason": REASON}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="lke-q lke-q-revision"' in html and REASON in html
    assert in_id("Marked as needing revision.") in html
    assert RevisionRequest.objects.get(evaluation=review, question="2").reason == REASON

    set_stage(review, Stage.RETURNED)
    page = login("member_a1").get(urls("detail", review)).content.decode()
    assert REASON in block(page, "2")  # on the question itself…
    assert f'href="/evaluasi/{review.pk}/?q=2#q-2"' in page  # …and in the list at the top
    # …and counted in the outline: one needing revision in its area, none in the next.
    start = page.index('id="lke-outline"')
    outline = page[start : page.index("</nav>", start)]
    first, second = outline.split("/lke/A.I.1/", 1)[1], outline.split("/lke/A.I.2/", 1)[1]
    assert "⚑1" in first[: first.index("</a>")]
    assert "⚑" not in second[: second.index("</a>")]
    assert 'name="value"' in block(page, "2")  # the unit may answer again


@pytest.mark.django_db
def test_revision_needs_a_reason_and_can_be_withdrawn(login, review, urls):
    client = login("tpi_a")
    refused = client.post(urls("revision", review, "2"), {"reason": "  "}, **HTMX)
    assert refused.status_code == 422
    assert in_id("Say why the answer needs revision.") in refused.content.decode()
    client.post(urls("revision", review, "2"), {"reason": REASON}, **HTMX)
    withdrawn = client.post(urls("revision", review, "2"), {"withdraw": "1"}, **HTMX)
    assert withdrawn.status_code == 200 and REASON not in withdrawn.content.decode()
    assert not RevisionRequest.objects.filter(evaluation=review).exists()


@pytest.mark.django_db
def test_revision_form_and_plain_post(login, review, urls):
    client = login("tpi_a")
    form = client.get(urls("revision", review, "2"), **HTMX)
    assert form.status_code == 200 and 'name="reason"' in form.content.decode()
    page = client.get(urls("revision", review, "2"))  # without htmx: a page with the form
    assert "<html" in page.content.decode() and 'name="reason"' in page.content.decode()
    response = client.post(urls("revision", review, "5"), {"reason": REASON})
    assert response.status_code == 302 and response["Location"].endswith("?q=5#q-5")


@pytest.mark.django_db
@pytest.mark.parametrize("username, status", [("member_a1", 403), ("coordinator_a", 403),
                                              ("tpn", 404), ("norole", 404)])  # fmt: skip
def test_only_the_tpi_marks_revisions(login, review, urls, username, status):
    client = login(username)
    assert client.post(urls("revision", review, "2"), {"reason": REASON}).status_code == status
    assert client.get(urls("revision", review, "2")).status_code == status
    assert not RevisionRequest.objects.exists()


# --- comments ----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_internal_comments_stay_with_the_evaluators_until_released(login, review, urls):
    client = login("tpi_a")
    internal = client.post(
        urls("comment", review, "6"), {"body": "INTERN: cek laporan monev", "internal": "1"},
        **HTMX,
    )  # fmt: skip
    assert internal.status_code == 200 and "INTERN: cek laporan monev" in internal.content.decode()
    client.post(urls("comment", review, "6"), {"body": "Mohon lengkapi bukti semester II"}, **HTMX)
    assert Comment.objects.filter(internal=True, layer=Layer.TPI).count() == 1

    for username in ("member_a1", "coordinator_a", "leadership_a"):
        page = login(username).get(urls("detail", review)).content.decode()
        assert "Mohon lengkapi bukti semester II" in block(page, "6"), username
        assert "INTERN" not in page, username
    for username in ("tpi_lead_a", "sysadmin"):
        assert (
            "INTERN: cek laporan monev"
            in login(username).get(urls("detail", review)).content.decode()
        )

    login("tpi_a").post(urls("release_tpi", review))
    page = login("member_a1").get(urls("detail", review)).content.decode()
    assert "INTERN: cek laporan monev" in block(page, "6")


@pytest.mark.django_db
def test_unit_comments_are_never_internal(login, evaluation, urls):
    client = login("member_a1")
    form = client.get(urls("comment", evaluation, "1"), **HTMX).content.decode()
    assert 'name="body"' in form and 'name="internal"' not in form
    client.post(urls("comment", evaluation, "1"), {"body": "Sudah diunggah", "internal": "1"})
    assert Comment.objects.get().internal is False


@pytest.mark.django_db
def test_empty_comment_and_decided_evaluation(login, evaluation, urls, set_stage):
    client = login("member_a1")
    response = client.post(urls("comment", evaluation, "1"), {"body": " "}, follow=True)
    assert in_id("The comment is empty.") in response.content.decode()
    set_stage(evaluation, Stage.DECIDED)
    assert client.get(urls("comment", evaluation, "1")).status_code == 403
    assert not Comment.objects.exists()


# --- release -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_release_button_only_for_the_tpi(login, review, urls):
    button = urls("release_tpi", review)
    assert button in login("tpi_a").get(urls("detail", review)).content.decode()
    assert button not in login("member_a1").get(urls("detail", review)).content.decode()
    assert login("coordinator_a").post(button).status_code == 403
    assert login("member_a1").get(button).status_code == 405
    response = login("tpi_lead_a").post(button, follow=True)
    review.refresh_from_db()
    assert review.tpi_released
    assert button not in response.content.decode()


# --- history -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_history_shows_from_and_to_with_who(login, evaluation, urls, answer, set_stage):
    answer("member_a1", evaluation, "2", Layer.UNIT, "a", "pertama")
    answer("lead_a1", evaluation, "2", Layer.UNIT, "b", "kedua")
    set_stage(evaluation, Stage.TPI_REVIEW)
    answer("tpi_a", evaluation, "2", Layer.TPI, "c", "")

    partial = login("tpi_a").get(urls("history", evaluation, "2"), **HTMX).content.decode()
    assert "<html" not in partial
    rows = partial.split("<tr>")[2:]  # newest first, after the heading row
    assert len(rows) == 3
    assert "tpi_a" in rows[0] and "<strong>C</strong>" in rows[0]
    assert "lead_a1" in rows[1] and "A → <strong>B</strong>" in rows[1]
    assert "pertama → kedua" in rows[1]
    assert "member_a1" in rows[2] and "– → <strong>A</strong>" in rows[2]

    page = login("member_a1").get(urls("history", evaluation, "2")).content.decode()
    assert "<html" in page and "lead_a1" in page and "tpi_a" not in page  # TPI not yet released
    detail = login("member_a1").get(urls("detail", evaluation)).content.decode()
    assert f"{in_id('History')} (2)" in block(detail, "2")


@pytest.mark.django_db
def test_history_of_an_unknown_question_or_evaluation(login, evaluation, urls):
    assert login("member_a1").get(urls("history", evaluation, "999")).status_code == 404
    assert login("norole").get(urls("history", evaluation, "1")).status_code == 404
