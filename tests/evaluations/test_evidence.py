"""Bukti dukung: upload (stored once by SHA-256), links, reuse across questions and years,
detach, permission-checked download, refusals in the person's language, htmx and no-JS."""

from __future__ import annotations

import gettext
import hashlib
import types
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.test import Client
from django.urls import NoReverseMatch, include, path, reverse
from django.utils import translation
from django.utils.html import escape
from filling import fill_layer

from zona.accounts.models import Role, RoleAssignment
from zona.evaluations import actions
from zona.evaluations.models import EvidenceLink
from zona.evaluations.views_evidence import evidence_by_question
from zona.evidence.models import Evidence, EvidenceFile
from zona.evidence.storage import TYPES

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
HTMX = {"HX-Request": "true"}
LOCALE = Path(__file__).resolve().parents[2] / "zona" / "locale" / "id" / "LC_MESSAGES"


# --- fixtures --------------------------------------------------------------------------------
def _detail_stub(request, pk):
    return HttpResponse(f"evaluation {pk}")


def _urls_with_detail_stub():
    """zona.urls, with a stand-in for `evaluations:detail` (the LKE page, another module)."""
    import zona.urls
    from zona.evaluations import urls as evaluation_urls

    patterns = [*evaluation_urls.urlpatterns, path("<int:pk>/", _detail_stub, name="detail")]
    module = types.ModuleType("evidence_test_urls")
    module.urlpatterns = [
        path("evaluasi/", include((patterns, "evaluations"))),
        *(p for p in zona.urls.urlpatterns if getattr(p, "namespace", None) != "evaluations"),
    ]
    return module


@pytest.fixture(autouse=True)
def _media_and_detail(settings, tmp_path):
    """Files go to a temporary MEDIA_ROOT; the evaluation page exists (stubbed until built)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    try:
        reverse("evaluations:detail", args=[1])
    except NoReverseMatch:
        settings.ROOT_URLCONF = _urls_with_detail_stub()


@pytest.fixture
def evaluation(world, frameworks):
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.fixture
def q(evaluation):
    """Two question numbers of the evaluation's framework."""
    numbers = list(evaluation.framework.framework().questions)
    return numbers[0], numbers[1]


@pytest.fixture
def member(client, world):
    client.force_login(world.users["member_a1"])
    return client


def make_user(world, username, role, unit=None, instansi=None):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, f"{username}@example.test", "pw-x-1")
    RoleAssignment.objects.create(user=user, role=role, unit=unit, instansi=instansi)
    return user


def pdf(name="laporan.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def add_url(evaluation, question):
    return reverse("evaluations:evidence_add", args=[evaluation.pk, question])


def attach_url(evaluation, question):
    return reverse("evaluations:evidence_attach", args=[evaluation.pk, question])


def upload(client, evaluation, question, htmx=True, **data):
    data.setdefault("description", "SK Tim Pembangunan ZI")
    return client.post(add_url(evaluation, question), data, headers=HTMX if htmx else {})


def indonesian(msgid: str, **values) -> str:
    """The message as Zona shows it in Indonesian (the interface's default language)."""
    with translation.override("id"):
        text = translation.gettext(msgid)
    return text % values if values else text


def on_page(msgid: str, **values) -> str:
    """The Indonesian message as it appears in the HTML (escaped)."""
    return escape(indonesian(msgid, **values))


def stored_files() -> list[Path]:
    root = Path(default_storage.location)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- urls ------------------------------------------------------------------------------------
def test_urls_are_under_evaluasi(evaluation):
    pk = evaluation.pk
    assert reverse("evaluations:evidence_add", args=[pk, "1"]) == f"/evaluasi/{pk}/bukti/1/tambah/"
    assert (
        reverse("evaluations:evidence_attach", args=[pk, "1"])
        == f"/evaluasi/{pk}/bukti/1/lampirkan/"
    )
    assert reverse("evaluations:evidence_detach", args=[pk, 7]) == f"/evaluasi/{pk}/bukti/lepas/7/"
    assert (
        reverse("evaluations:evidence_download", args=[pk, 7]) == f"/evaluasi/{pk}/bukti/7/unduh/"
    )


# --- upload ----------------------------------------------------------------------------------
def test_upload_stores_the_file_once_and_links_it(member, evaluation, q):
    response = upload(member, evaluation, q[0], file=pdf(), document_date="2026-01-15")
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert evidence.unit == evaluation.unit
    assert evidence.filename == "laporan.pdf"
    assert evidence.description == "SK Tim Pembangunan ZI"
    assert str(evidence.document_date) == "2026-01-15"
    link = EvidenceLink.objects.get()
    assert (link.evidence, link.evaluation, link.question) == (evidence, evaluation, q[0])
    stored = EvidenceFile.objects.get()
    assert stored.size == len(PDF)
    assert stored.content_type == "application/pdf"
    with stored.file.open("rb") as handle:
        assert handle.read() == PDF
    # The answer is the question's block, refreshed: the new evidence and a notice.
    body = response.content.decode()
    assert f'id="evidence-q-{q[0]}"' in body
    assert "laporan.pdf" in body and "SK Tim Pembangunan ZI" in body
    assert on_page("Evidence added.") in body
    assert "<html" not in body


def test_the_path_is_the_sha256_of_the_content(member, evaluation, q):
    upload(member, evaluation, q[0], file=pdf())
    sha = hashlib.sha256(PDF).hexdigest()
    stored = EvidenceFile.objects.get()
    assert stored.sha256 == sha
    assert stored.file.name == f"evidence/{sha[:2]}/{sha}"
    assert [p.name for p in stored_files()] == [sha]


def test_the_same_bytes_twice_are_stored_once(member, evaluation, q):
    upload(member, evaluation, q[0], file=pdf("laporan.pdf"))
    upload(member, evaluation, q[1], file=pdf("salinan laporan.pdf"), description="Salinan")
    # Two Evidence rows (each with its own name and description), one EvidenceFile.
    assert EvidenceFile.objects.count() == 1
    assert Evidence.objects.count() == 2
    assert set(Evidence.objects.values_list("file_id", flat=True)) == {
        EvidenceFile.objects.get().pk
    }
    assert len(stored_files()) == 1
    assert set(EvidenceLink.objects.values_list("question", flat=True)) == set(q)


def test_too_large_is_refused_in_indonesian_and_nothing_stored(member, evaluation, q, settings):
    settings.EVIDENCE_MAX_BYTES = 16
    response = upload(
        member,
        evaluation,
        q[0],
        file=pdf(),
        description="Laporan triwulan",
        document_date="2026-02-01",
    )
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("id"):
        size, limit = filesizeformat(len(PDF)), filesizeformat(16)
    expected = on_page("The file is %(size)s; the limit is %(limit)s.", size=size, limit=limit)
    assert expected in body and "16" in limit
    assert 'value="Laporan triwulan"' in body and 'value="2026-02-01"' in body
    assert Evidence.objects.count() == EvidenceFile.objects.count() == 0
    assert EvidenceLink.objects.count() == 0
    assert stored_files() == []


def test_a_type_not_accepted_is_refused(member, evaluation, q):
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00" + b"\x00" * 60)
    response = upload(member, evaluation, q[0], file=exe)
    types_ = ", ".join(sorted(TYPES))
    assert (
        on_page("Files of this type are not accepted. Allowed: %(types)s.", types=types_)
        in response.content.decode()
    )
    assert Evidence.objects.count() == EvidenceFile.objects.count() == 0
    assert stored_files() == []


def test_a_pdf_whose_content_is_not_a_pdf_is_refused(member, evaluation, q):
    fake = pdf("laporan.pdf", b"MZ\x90\x00this is a program" + b"\x00" * 40)
    response = upload(member, evaluation, q[0], file=fake, description="Laporan")
    body = response.content.decode()
    assert on_page("The file's content does not match its type %(ext)s.", ext=".pdf") in body
    assert 'value="Laporan"' in body
    assert Evidence.objects.count() == EvidenceFile.objects.count() == 0


def test_the_description_is_required_and_the_link_is_kept(member, evaluation, q):
    response = upload(
        member, evaluation, q[0], description="  ", url="https://example.go.id/sk.pdf"
    )
    body = response.content.decode()
    assert on_page("Describe the document, e.g. its number and title.") in body
    assert 'value="https://example.go.id/sk.pdf"' in body
    assert 'aria-invalid="true"' in body
    assert Evidence.objects.count() == 0


def test_a_link_must_be_a_web_address(member, evaluation, q):
    response = upload(member, evaluation, q[0], description="Situs unit", url="bukan alamat")
    body = response.content.decode()
    assert on_page("Enter a full web address, starting with https://.") in body
    assert 'value="Situs unit"' in body and 'value="bukan alamat"' in body
    assert Evidence.objects.count() == 0
    upload(member, evaluation, q[0], url="javascript:alert(1)")
    upload(member, evaluation, q[0], url="ftp://unit.go.id/berkas")
    assert Evidence.objects.count() == 0


def test_a_file_or_a_link_not_both_nor_neither(member, evaluation, q):
    both = upload(member, evaluation, q[0], file=pdf(), url="https://example.go.id/")
    assert on_page("Give either a file or a link, not both.") in both.content.decode()
    neither = upload(member, evaluation, q[0])
    assert on_page("Choose a file or give a link.") in neither.content.decode()
    assert Evidence.objects.count() == 0


def test_errors_are_indonesian_in_the_catalogue():
    """The evidence messages have Indonesian translations that keep their placeholders."""
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    wanted = {
        "The file is %(size)s; the limit is %(limit)s.": "%(limit)s",
        "Files of this type are not accepted. Allowed: %(types)s.": "%(types)s",
        "The file's content does not match its type %(ext)s.": "%(ext)s",
        "Describe the document, e.g. its number and title.": "",
    }
    for msgid, placeholder in wanted.items():
        assert catalogue.gettext(msgid) != msgid
        assert placeholder in catalogue.gettext(msgid)


def test_link_evidence_is_shown_as_an_external_link_and_not_downloaded(member, evaluation, q):
    response = upload(
        member, evaluation, q[0], description="Maklumat pelayanan", url="https://unit.go.id/m"
    )
    body = response.content.decode()
    assert 'href="https://unit.go.id/m"' in body
    assert 'rel="noopener noreferrer"' in body
    evidence = Evidence.objects.get()
    assert evidence.file is None and evidence.url == "https://unit.go.id/m"
    assert EvidenceFile.objects.count() == 0
    download = reverse("evaluations:evidence_download", args=[evaluation.pk, evidence.pk])
    assert member.get(download).status_code == 404


# --- reuse -----------------------------------------------------------------------------------
def test_attach_to_another_question_links_without_copying(member, evaluation, q):
    upload(member, evaluation, q[0], file=pdf())
    evidence = Evidence.objects.get()
    response = member.post(attach_url(evaluation, q[1]), {"evidence": evidence.pk}, headers=HTMX)
    assert response.status_code == 200
    assert on_page("Evidence attached.") in response.content.decode()
    assert Evidence.objects.count() == EvidenceFile.objects.count() == 1
    assert set(evidence.links.values_list("question", flat=True)) == set(q)
    # Attaching again changes nothing.
    member.post(attach_url(evaluation, q[1]), {"evidence": evidence.pk}, headers=HTMX)
    assert evidence.links.count() == 2


def test_the_library_lists_the_units_other_evidence_newest_first(member, world, evaluation, q):
    upload(member, evaluation, q[0], file=pdf(), description="Dokumen lama")
    upload(member, evaluation, q[0], url="https://unit.go.id/baru", description="Dokumen baru")
    upload(member, evaluation, q[1], url="https://unit.go.id/lain", description="Sudah di sini")
    url = reverse("evaluations:evidence_question", args=[evaluation.pk, q[1]]) + "?lampirkan=1"
    response = member.get(url, headers=HTMX)
    items = response.context["evidence_library"].items
    assert [it.description for it in items] == ["Dokumen baru", "Dokumen lama"]
    assert items[0].origin == indonesian("LKE %(year)s, question %(no)s", year=2026, no=q[0])
    body = response.content.decode()
    assert body.index("Dokumen baru") < body.index("Dokumen lama")
    here = Evidence.objects.get(description="Sudah di sini")
    assert f'value="evidence:{here.pk}"' not in body
    # Without JavaScript the same library is a page of its own.
    page = member.get(url)
    assert page.status_code == 200 and "<html" in page.content.decode()


def test_attach_to_next_years_evaluation(member, world, evaluation, q):
    upload(member, evaluation, q[0], file=pdf(), description="SK 2026")
    evidence = Evidence.objects.get()
    next_year = actions.create_evaluation(world.users["lead_a1"], world.a1, 2027, "WBK")
    picker = reverse("evaluations:evidence_question", args=[next_year.pk, q[0]])
    body = member.get(picker + "?lampirkan=1", headers=HTMX).content.decode()
    assert "SK 2026" in body and "2026" in body
    response = member.post(attach_url(next_year, q[0]), {"evidence": evidence.pk}, headers=HTMX)
    assert response.status_code == 200
    assert EvidenceLink.objects.filter(evaluation=next_year, evidence=evidence).exists()
    assert Evidence.objects.count() == EvidenceFile.objects.count() == 1
    # And it can be downloaded through the new evaluation.
    download = reverse("evaluations:evidence_download", args=[next_year.pk, evidence.pk])
    assert member.get(download).status_code == 200


def test_another_units_evidence_cannot_be_attached(client, world, evaluation, q):
    client.force_login(world.users["member_a1"])
    upload(client, evaluation, q[0], file=pdf())
    evidence = Evidence.objects.get()
    a2_member = make_user(world, "member_a2", Role.UNIT_MEMBER, unit=world.a2)
    other = actions.create_evaluation(world.users["coordinator_a"], world.a2, 2026, "WBK")
    # A1's own team cannot reach A2's evaluation ...
    response = client.post(attach_url(other, q[0]), {"evidence": evidence.pk}, headers=HTMX)
    assert response.status_code == 404
    # ... and A2's team cannot take A1's evidence.
    client.force_login(a2_member)
    response = client.post(attach_url(other, q[0]), {"evidence": evidence.pk}, headers=HTMX)
    assert response.status_code in (403, 404)
    assert not EvidenceLink.objects.filter(evaluation=other).exists()


def test_attach_without_a_choice_says_so(member, evaluation, q):
    response = member.post(attach_url(evaluation, q[0]), {"evidence": ""}, headers=HTMX)
    assert on_page("Choose a document from the list.") in response.content.decode()
    assert EvidenceLink.objects.count() == 0


def test_an_unknown_question_is_404(member, evaluation):
    response = upload(member, evaluation, "no-such", url="https://unit.go.id/")
    assert response.status_code == 404
    assert Evidence.objects.count() == 0


# --- detach ----------------------------------------------------------------------------------
def test_detach_removes_the_link_only(member, evaluation, q):
    upload(member, evaluation, q[0], file=pdf())
    link = EvidenceLink.objects.get()
    url = reverse("evaluations:evidence_detach", args=[evaluation.pk, link.pk])
    response = member.post(url, headers=HTMX)
    assert response.status_code == 200
    assert not EvidenceLink.objects.exists()
    assert Evidence.objects.count() == EvidenceFile.objects.count() == 1
    assert "laporan.pdf" not in response.content.decode()


def test_detach_of_a_link_of_another_evaluation_is_404(member, world, evaluation, q):
    upload(member, evaluation, q[0], file=pdf())
    link = EvidenceLink.objects.get()
    next_year = actions.create_evaluation(world.users["lead_a1"], world.a1, 2027, "WBK")
    url = reverse("evaluations:evidence_detach", args=[next_year.pk, link.pk])
    assert member.post(url).status_code == 404
    assert EvidenceLink.objects.exists()


# --- without JavaScript ----------------------------------------------------------------------
def test_without_javascript_success_redirects_to_the_question(member, evaluation, q):
    response = upload(member, evaluation, q[0], htmx=False, file=pdf())
    assert response.status_code == 302
    assert response["Location"] == f"{evaluation.get_absolute_url()}#q-{q[0]}"
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [
        indonesian("Question %(no)s: %(message)s", no=q[0], message=indonesian("Evidence added."))
    ]
    link = EvidenceLink.objects.get()
    detach = reverse("evaluations:evidence_detach", args=[evaluation.pk, link.pk])
    response = member.post(detach)
    assert response.status_code == 302 and response["Location"].endswith(f"#q-{q[0]}")
    assert not EvidenceLink.objects.exists()


def test_without_javascript_errors_come_back_on_a_page(member, evaluation, q, settings):
    settings.EVIDENCE_MAX_BYTES = 16
    response = upload(member, evaluation, q[0], htmx=False, file=pdf(), description="Notulen")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" in body and 'value="Notulen"' in body
    assert on_page("Choose the file again: the browser does not keep it after an error.") in (body)
    assert Evidence.objects.count() == 0


# --- who may ---------------------------------------------------------------------------------
def test_download_by_the_unit_member(member, evaluation, q):
    upload(member, evaluation, q[0], file=pdf("Laporan Kinerja 2025.pdf"))
    evidence = Evidence.objects.get()
    url = reverse("evaluations:evidence_download", args=[evaluation.pk, evidence.pk])
    response = member.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="Laporan Kinerja 2025.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF
    # The page links to it.
    block = member.get(
        reverse("evaluations:evidence_question", args=[evaluation.pk, q[0]]), headers=HTMX
    )
    assert f'href="{url}"' in block.content.decode()


def test_download_needs_sight_of_the_evaluation(client, world, evaluation, q):
    client.force_login(world.users["member_a1"])
    upload(client, evaluation, q[0], file=pdf())
    evidence = Evidence.objects.get()
    url = reverse("evaluations:evidence_download", args=[evaluation.pk, evidence.pk])
    client.logout()
    assert client.get(url).status_code == 302  # to the login
    a2_member = make_user(world, "member_a2", Role.UNIT_MEMBER, unit=world.a2)
    b_tpi = make_user(world, "tpi_b", Role.TPI_EVALUATOR, instansi=world.b)
    for user in (world.users["tpn"], a2_member, b_tpi, world.users["norole"]):
        client.force_login(user)
        assert client.get(url).status_code == 404, user.username
    for username in ("tpi_a", "coordinator_a", "leadership_a", "lead_a1", "sysadmin"):
        client.force_login(world.users[username])
        assert client.get(url).status_code == 200, username


def test_unlinked_unit_evidence_only_for_the_unit_team(client, world, evaluation, q):
    """Evidence of the unit not linked to this evaluation: the unit team may download it (the
    picker offers it); the evaluators see only what is linked."""
    client.force_login(world.users["member_a1"])
    upload(client, evaluation, q[0], file=pdf())
    evidence = Evidence.objects.get()
    next_year = actions.create_evaluation(world.users["lead_a1"], world.a1, 2027, "WBK")
    url = reverse("evaluations:evidence_download", args=[next_year.pk, evidence.pk])
    assert client.get(url).status_code == 200
    client.force_login(world.users["tpi_a"])
    assert client.get(url).status_code == 404


def test_the_tpi_sees_but_does_not_upload_attach_or_detach(client, world, evaluation, q):
    client.force_login(world.users["member_a1"])
    upload(client, evaluation, q[0], file=pdf())
    evidence, link = Evidence.objects.get(), EvidenceLink.objects.get()
    client.force_login(world.users["tpi_a"])
    block = client.get(
        reverse("evaluations:evidence_question", args=[evaluation.pk, q[0]]), headers=HTMX
    ).content.decode()
    assert "laporan.pdf" in block
    assert "evidence_add" not in block and "/tambah/" not in block and "/lepas/" not in block
    assert upload(client, evaluation, q[1], file=pdf("lain.pdf")).status_code in (403, 404)
    response = client.post(attach_url(evaluation, q[1]), {"evidence": evidence.pk}, headers=HTMX)
    assert response.status_code in (403, 404)
    detach = reverse("evaluations:evidence_detach", args=[evaluation.pk, link.pk])
    assert client.post(detach, headers=HTMX).status_code in (403, 404)
    assert Evidence.objects.count() == EvidenceLink.objects.count() == 1


def test_after_submission_the_unit_hears_why_it_cannot_change(member, world, evaluation, q):
    fill_layer(evaluation, "unit")
    actions.move(world.users["lead_a1"], evaluation, "submit")
    response = upload(member, evaluation, q[0], url="https://unit.go.id/")
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        on_page(
            "Evidence can be changed only by the unit team, while the evaluation is a draft or "
            "returned for revision."
        )
        in body
    )
    assert "/tambah/" not in body
    assert Evidence.objects.count() == 0


def test_media_is_not_served(member, evaluation, q):
    upload(member, evaluation, q[0], file=pdf())
    stored = EvidenceFile.objects.get()
    assert member.get(f"/media/{stored.file.name}").status_code == 404
    assert member.get(f"/evaluasi/media/{stored.file.name}").status_code == 404


# --- the contract with the LKE page -----------------------------------------------------------
def test_evidence_by_question_is_one_query(member, evaluation, q, django_assert_num_queries):
    upload(member, evaluation, q[0], file=pdf())
    upload(member, evaluation, q[0], url="https://unit.go.id/a", description="Tautan")
    upload(member, evaluation, q[1], url="https://unit.go.id/b", description="Lain")
    with django_assert_num_queries(1):
        grouped = evidence_by_question(evaluation)
        names = [
            (link.evidence.description, link.evidence.file and link.evidence.file.size)
            for links in grouped.values()
            for link in links
        ]
        [link.linked_by for links in grouped.values() for link in links]
        [link.evidence.created_by for links in grouped.values() for link in links]
    assert set(grouped) == set(q)
    assert [link.evidence.description for link in grouped[q[0]]] == [
        "SK Tim Pembangunan ZI",
        "Tautan",
    ]
    assert len(names) == 3


def test_the_block_renders_with_the_lke_page_context(member, world, evaluation, q, rf):
    upload(member, evaluation, q[0], file=pdf())
    question = evaluation.framework.framework().questions[q[0]]
    links = evidence_by_question(evaluation)[q[0]]
    request = rf.get("/")
    request.user = world.users["member_a1"]
    context = {"evaluation": evaluation, "question": question, "evidence_links": links}
    editable = render_to_string(
        "evaluations/_evidence.html", {**context, "can_edit_evidence": True}, request
    )
    read_only = render_to_string(
        "evaluations/_evidence.html", {**context, "can_edit_evidence": False}, request
    )
    adding = render_to_string(
        "evaluations/_evidence.html",
        {**context, "can_edit_evidence": True, "evidence_adding": True},
        request,
    )
    for html in (editable, read_only, adding):
        assert f'id="evidence-q-{q[0]}"' in html and "laporan.pdf" in html
    # On the LKE page evidence goes up in one step (files or a pasted link); the full form,
    # with a description and a date, is a link loaded on demand, which without JavaScript
    # opens the question's evidence page.
    here = reverse("evaluations:evidence_question", args=[evaluation.pk, q[0]])
    quick = reverse("evaluations:evidence_quick", args=[evaluation.pk, q[0]])
    assert f'href="{here}?tambah=1" hx-get="{here}?tambah=1"' in editable
    assert f'action="{quick}"' in editable and 'name="files" ' in editable
    assert " multiple " in editable and "/tambah/" not in editable
    assert f'hx-target="#evidence-q-{q[0]}"' in editable
    assert "/lepas/" in editable and "?lampirkan=1" in editable
    assert "/lepas/" not in read_only and "?tambah=1" not in read_only
    assert "/tambah/" not in read_only and "/cepat/" not in read_only
    assert 'hx-encoding="multipart/form-data"' in adding
    assert 'enctype="multipart/form-data"' in adding
    assert "?tambah=1" not in adding and "?lampirkan=1" not in adding
    # The file input accepts exactly what the actions accept.
    accept = ",".join(sorted(TYPES))
    assert f'accept="{accept}"' in adding


def test_the_form_to_add_evidence_is_loaded_on_demand(member, world, evaluation, q):
    url = reverse("evaluations:evidence_question", args=[evaluation.pk, q[0]])
    add = reverse("evaluations:evidence_add", args=[evaluation.pk, q[0]])
    block = member.get(f"{url}?tambah=1", headers=HTMX)
    assert block.status_code == 200
    html = block.content.decode()
    assert html.lstrip().startswith('<div class="evidence') and f'action="{add}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    # Without JavaScript: the same form in a page of its own, posting to the same place.
    page = member.get(f"{url}?tambah=1").content.decode()
    assert "<html" in page and f'action="{add}"' in page
    # The LKE page carries the one-step form (files or a link) per question of the area
    # shown, and a link to the full form.
    lke = member.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    shown = lke.count('<article id="q-')
    assert shown == 12 and "/tambah/" not in lke
    assert lke.count('?tambah=1" hx-get') == shown and lke.count('name="files" ') == shown
    # Someone who may not add evidence gets the block without the form.
    tpi = Client()
    tpi.force_login(world.users["tpi_a"])
    html = tpi.get(f"{url}?tambah=1", headers=HTMX).content.decode()
    assert "/tambah/" not in html and 'type="file"' not in html
