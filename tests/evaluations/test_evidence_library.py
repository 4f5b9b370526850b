"""The unit's document library from a question (its evidence of every year and question, plan
evidence, audit follow-up and capaian kinerja documents; searchable, paged, picked in one
action), and one document attached to several questions at once ("also attach to…")."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zona.audit.models import AuditEvent
from zona.evaluations import actions
from zona.evaluations.models import EvidenceLink
from zona.evidence import library
from zona.evidence.models import Evidence, EvidenceFile
from zona.findings.models import Document, Finding, PerformanceRecord, Recommendation

PDF = b"%PDF-1.4 bukti"
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _a2_team(world):
    """A member and a lead of unit A2 (A1's neighbour in the same instansi)."""
    from django.contrib.auth import get_user_model

    from zona.accounts.models import Role, RoleAssignment

    for name, role in (("member_a2", Role.UNIT_MEMBER), ("lead_a2", Role.UNIT_LEAD)):
        user = get_user_model().objects.create_user(name, f"{name}@example.test", "pw-a2-1")
        RoleAssignment.objects.create(user=user, role=role, unit=world.a2)
        world.users[name] = user


@pytest.fixture
def evaluation(world, frameworks):
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.fixture
def qs(evaluation):
    """The first question numbers of the evaluation's framework."""
    return list(evaluation.framework.framework().questions)[:6]


@pytest.fixture
def member(client, world):
    client.force_login(world.users["member_a1"])
    return client


def add(world, evaluation, no, description, *, content=None, url=""):
    upload = (
        SimpleUploadedFile(f"{description}.pdf", content or PDF) if content or not url else None
    )
    return actions.add_evidence(
        world.users["member_a1"], evaluation, no, description=description, upload=upload, url=url
    )


def finding_document(unit, description, *, content=b"%PDF-1.4 STS", url=""):
    from zona.evidence.storage import store

    finding = Finding.objects.create(
        unit=unit, source="bpk", report_number="LHP 7/2025", report_date=date(2025, 3, 1),
        title="Temuan",
    )  # fmt: skip
    rec = Recommendation.objects.create(finding=finding, text="Setor ke kas negara")
    stored = None if url else store(SimpleUploadedFile(f"{description}.pdf", content))
    return Document.objects.create(
        recommendation=rec, file=stored, filename=f"{description}.pdf" if stored else "",
        url=url, description=description,
    )  # fmt: skip


def library_url(evaluation, no, **params):
    query = "&".join(f"{k}={v}" for k, v in {"lampirkan": 1, **params}.items())
    return reverse("evaluations:evidence_question", args=[evaluation.pk, no]) + "?" + query


def attach_url(evaluation, no):
    return reverse("evaluations:evidence_attach", args=[evaluation.pk, no])


def also_url(evaluation, no, evidence):
    return reverse("evaluations:evidence_also", args=[evaluation.pk, no, evidence.pk])


def descriptions(response) -> list[str]:
    return [item.description for item in response.context["evidence_library"].items]


# --- the library ---------------------------------------------------------------------------------
def test_the_library_holds_every_document_of_the_unit_and_no_other(
    member, world, evaluation, qs, frameworks
):
    from zona.plans import actions as plans

    add(world, evaluation, qs[0], "SK Tim ZI")
    earlier = actions.create_evaluation(world.users["lead_a1"], world.a1, 2025, "WBK")
    add(world, earlier, qs[3], "Notulen 2025", content=b"%PDF-1.4 2025")
    plan = plans.create_plan(world.users["member_a1"], world.a1, 2026, frameworks["lke-2021"])
    activity = plans.save_activity(
        world.users["member_a1"], plan,
        {"title": "Sosialisasi", "description": "", "area": "MP", "questions": [], "output": "x",
         "owner": world.users["member_a1"], "owner_name": "", "owner_email": "",
         "start_date": date(2026, 1, 5), "due_date": date(2026, 6, 30), "status": "belum",
         "progress": 0},
    )  # fmt: skip
    plans.add_activity_evidence(
        world.users["member_a1"], activity, description="Foto sosialisasi", url="https://a1.test/f"
    )
    finding_document(world.a1, "STS setoran")
    record = PerformanceRecord.objects.create(unit=world.a1, year=2025)
    Document.objects.create(record=record, url="https://a1.test/kinerja", description="LKj 2025")
    # another unit's documents of every kind
    other = actions.create_evaluation(world.users["lead_a2"], world.a2, 2026, "WBK")
    actions.add_evidence(
        world.users["member_a2"], other, qs[0], description="Milik A2", url="https://a2.test/"
    )
    finding_document(world.a2, "STS A2", content=b"%PDF-1.4 A2")

    response = member.get(library_url(evaluation, qs[1]), headers=HTMX)
    assert response.status_code == 200
    assert sorted(descriptions(response)) == [
        "Foto sosialisasi", "LKj 2025", "Notulen 2025", "SK Tim ZI", "STS setoran",
    ]  # fmt: skip
    origins = {it.description: it.origin for it in response.context["evidence_library"].items}
    assert origins["Notulen 2025"] == f"LKE 2025, pertanyaan {qs[3]}"
    assert origins["STS setoran"] == "Tindak lanjut audit, LHP 7/2025"
    assert origins["LKj 2025"] == "Capaian kinerja 2025"
    assert origins["Foto sosialisasi"] == "belum dilampirkan pada pertanyaan LKE mana pun"
    # Those already attached to this question are not offered again.
    here = member.get(library_url(evaluation, qs[0]), headers=HTMX)
    assert "SK Tim ZI" not in descriptions(here)


def test_search_by_name_file_link_report_or_question_number(member, world, evaluation, qs):
    add(world, evaluation, qs[2], "SK Tim ZI")
    add(world, evaluation, qs[5], "Notulen rapat", url="https://a1.test/notulen")
    finding_document(world.a1, "STS setoran")

    def found(text):
        return descriptions(member.get(library_url(evaluation, qs[0], cari=text), headers=HTMX))

    assert found("tim zi") == ["SK Tim ZI"]
    assert found("a1.test/not") == ["Notulen rapat"]
    assert found("LHP 7") == ["STS setoran"]
    assert found(qs[5]) == ["Notulen rapat"]  # the number of a question it supports
    assert found("tidak ada") == []
    body = member.get(library_url(evaluation, qs[0], cari="tidak"), headers=HTMX).content.decode()
    assert "Tidak ada yang cocok" in body


def test_the_library_is_paged_newest_first_and_a_stale_page_number_is_the_last(
    member, world, evaluation, qs
):
    for i in range(library.PAGE_SIZE + 2):
        add(world, evaluation, qs[0], f"Dokumen {i:02}", content=b"%PDF-1.4 " + str(i).encode())
    first = member.get(library_url(evaluation, qs[1]), headers=HTMX)
    assert descriptions(first)[0] == f"Dokumen {library.PAGE_SIZE + 1:02}"
    assert len(descriptions(first)) == library.PAGE_SIZE
    second = member.get(library_url(evaluation, qs[1], halaman=2), headers=HTMX)
    assert descriptions(second) == ["Dokumen 01", "Dokumen 00"]
    assert descriptions(member.get(library_url(evaluation, qs[1], halaman=99), headers=HTMX)) == [
        "Dokumen 01", "Dokumen 00",
    ]  # fmt: skip
    assert "Halaman 2 dari 2" in second.content.decode()


def test_a_search_inside_the_open_library_answers_only_its_results(member, world, evaluation, qs):
    add(world, evaluation, qs[0], "SK Tim ZI")
    response = member.get(
        library_url(evaluation, qs[1], cari="SK"),
        headers={**HTMX, "HX-Target": f"ev-{qs[1]}-lib"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="ev-{qs[1]}-lib"')
    assert 'value="evidence:' in body
    assert "SK Tim ZI" in body and f'id="evidence-q-{qs[1]}"' not in body


def test_the_library_costs_the_same_queries_however_many_documents(
    member, world, evaluation, qs, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            assert member.get(library_url(evaluation, qs[1]), headers=HTMX).status_code == 200
        return len(ctx)

    add(world, evaluation, qs[0], "Satu")
    finding_document(world.a1, "STS")
    few = cost()
    for i in range(25):
        add(world, evaluation, qs[i % 3], f"Dokumen {i}", content=b"%PDF-1.4 n" + str(i).encode())
        finding_document(world.a1, f"STS {i}", content=b"%PDF-1.4 s" + str(i).encode())
    many = cost()
    assert few == many
    assert many <= 14, many


# --- picking from the library --------------------------------------------------------------------
def test_picking_an_audit_document_makes_it_the_units_evidence_without_copying(
    member, world, evaluation, qs
):
    doc = finding_document(world.a1, "STS setoran")
    response = member.post(attach_url(evaluation, qs[0]), {"dokumen": f"finding:{doc.pk}"},
                           headers=HTMX)  # fmt: skip
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert (evidence.unit, evidence.file_id, evidence.filename) == (
        world.a1,
        doc.file_id,
        "STS setoran.pdf",
    )
    assert EvidenceFile.objects.count() == 1
    assert list(EvidenceLink.objects.values_list("question", flat=True)) == [qs[0]]
    # It is now the unit's evidence: offered once, as such, on the next question.
    keys = [it.key for it in member.get(library_url(evaluation, qs[1]), headers=HTMX)
            .context["evidence_library"].items]  # fmt: skip
    assert keys == [f"evidence:{evidence.pk}"]
    # Picking the audit document again (a stale page) reuses the same evidence.
    member.post(attach_url(evaluation, qs[1]), {"dokumen": f"finding:{doc.pk}"}, headers=HTMX)
    assert Evidence.objects.count() == 1 and evidence.links.count() == 2
    event = AuditEvent.objects.filter(action="evidence.attached").order_by("pk").last()
    assert event.after == {"question": qs[1], "evidence": evidence.pk}


def test_picking_answers_with_an_offer_to_attach_it_elsewhere(member, world, evaluation, qs):
    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    response = member.post(attach_url(evaluation, qs[1]), {"dokumen": f"evidence:{evidence.pk}"},
                           headers=HTMX)  # fmt: skip
    body = response.content.decode()
    assert also_url(evaluation, qs[1], evidence) in body
    assert "Lampirkan juga “SK Tim ZI” ke pertanyaan lain…" in body


@pytest.mark.parametrize("key", ["finding:{theirs}", "evidence:{their_ev}", "finding:999999"])
def test_another_units_documents_cannot_be_picked(member, world, evaluation, qs, key):
    theirs = finding_document(world.a2, "STS A2")
    other = actions.create_evaluation(world.users["lead_a2"], world.a2, 2026, "WBK")
    their_ev = actions.add_evidence(
        world.users["member_a2"], other, qs[0], description="A2", url="https://a2.test/"
    )
    key = key.format(theirs=theirs.pk, their_ev=their_ev.pk)
    response = member.post(attach_url(evaluation, qs[0]), {"dokumen": key}, headers=HTMX)
    assert response.status_code == 404
    assert not EvidenceLink.objects.filter(evaluation=evaluation).exists()
    assert Evidence.objects.filter(unit=world.a1).count() == 0


def test_a_key_that_is_no_document_says_so(member, world, evaluation, qs):
    response = member.post(attach_url(evaluation, qs[0]), {"dokumen": "plans:3"}, headers=HTMX)
    assert response.status_code == 200
    assert "Pilih dokumen dari daftar." in response.content.decode()


# --- who may open the library --------------------------------------------------------------------
ROLES = ["norole", "coordinator_a", "tpi_a", "leadership_a", "member_a1", "lead_a1", "tpn",
         "member_a2"]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_only_the_unit_team_gets_the_library(client, world, evaluation, qs, role):
    add(world, evaluation, qs[0], "SK Tim ZI")
    client.force_login(world.users[role])
    response = client.get(library_url(evaluation, qs[1]), headers=HTMX)
    sees = role in {"coordinator_a", "tpi_a", "leadership_a", "member_a1", "lead_a1"}
    assert response.status_code == (200 if sees else 404)
    if sees:
        has_library = response.context["evidence_library"] is not None
        assert has_library == (role in {"member_a1", "lead_a1"})


# --- also attach to… -----------------------------------------------------------------------------
def test_the_picker_offers_the_questions_of_the_same_area_by_sub_component(
    member, world, evaluation, qs
):
    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    actions.attach_evidence(world.users["member_a1"], evaluation, qs[2], evidence)
    response = member.get(also_url(evaluation, qs[0], evidence), headers=HTMX)
    assert response.status_code == 200
    framework = evaluation.framework.framework()

    def area(no):  # the area node holding the question, as the workspace shows one at a time
        node = framework.questions[no].node
        return next((c for c in [node, *framework.ancestors(node)]
                     if framework.nodes[c].kind == "area"), None)  # fmt: skip

    in_area = [no for no in framework.questions if area(no) == area(qs[0]) and no != qs[0]]
    assert len(in_area) >= 5
    groups = response.context["evidence_also"]["groups"]
    offered = [c.no for g in groups for c in g.questions]
    assert offered == in_area
    assert groups[0].name == framework.nodes[framework.questions[qs[1]].node].name
    attached = {c.no for g in groups for c in g.questions if c.attached}
    assert attached == {qs[2]}
    assert f'value="{qs[2]}" checked disabled' in response.content.decode()


def test_the_picker_searches_the_whole_lke_by_number_and_text(member, world, evaluation, qs):
    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    framework = evaluation.framework.framework()
    last = list(framework.questions)[-1]
    response = member.get(
        also_url(evaluation, qs[0], evidence) + f"?cari={last}",
        headers={**HTMX, "HX-Target": f"ev-{qs[0]}-also-list"},
    )
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="ev-{qs[0]}-also-list"')
    assert f'name="questions" value="{last}"' in body and 'id="evidence-q-' not in body
    word = framework.questions[qs[3]].text.split()[-1].strip(".,?")
    by_text = member.get(also_url(evaluation, qs[0], evidence) + f"?cari={word}", headers=HTMX)
    found = [c.no for g in by_text.context["evidence_also"]["groups"] for c in g.questions]
    assert qs[3] in found
    assert all(word.casefold() in framework.questions[no].text.casefold() or
               no.startswith(word) for no in found)  # fmt: skip


def test_one_action_attaches_to_several_questions_with_one_audit_event(
    member, world, evaluation, qs
):
    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    before = AuditEvent.objects.count()
    response = member.post(
        also_url(evaluation, qs[0], evidence), {"questions": [qs[3], qs[1], qs[2]]}, headers=HTMX
    )
    assert response.status_code == 200
    assert set(evidence.links.values_list("question", flat=True)) == set(qs[:4])
    assert EvidenceFile.objects.count() == Evidence.objects.count() == 1
    event = AuditEvent.objects.get(action="evidence.attached")
    assert AuditEvent.objects.count() == before + 1
    assert event.after == {"questions": [qs[1], qs[2], qs[3]], "evidence": evidence.pk}
    body = response.content.decode()
    assert f"juga dilampirkan pada 3 pertanyaan: {qs[1]}, {qs[2]}, {qs[3]}" in body
    # The other questions' blocks and counts come along, to replace theirs on the page.
    for no in qs[1:4]:
        assert f'id="evidence-q-{no}" hx-swap-oob="outerHTML"' in body
    for no in qs[:4]:
        assert f'id="q-{no}-evcount" href="#evidence-q-{no}" hx-swap-oob="outerHTML">' in body
    # Again: nothing new, and the answer says so.
    again = member.post(
        also_url(evaluation, qs[0], evidence), {"questions": [qs[1], qs[2]]}, headers=HTMX
    )
    assert evidence.links.count() == 4
    assert "sudah terlampir pada pertanyaan-pertanyaan itu" in again.content.decode()
    last = AuditEvent.objects.filter(action="evidence.attached").order_by("pk").last()
    assert last.after == {"questions": [], "evidence": evidence.pk}


def test_attaching_to_no_question_says_so_and_keeps_the_picker(member, world, evaluation, qs):
    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    response = member.post(also_url(evaluation, qs[0], evidence), {}, headers=HTMX)
    body = response.content.decode()
    assert "Pilih sekurang-kurangnya satu pertanyaan." in body
    assert f'id="ev-{qs[0]}-also-list"' in body
    unknown = member.post(also_url(evaluation, qs[0], evidence), {"questions": ["999z"]},
                          headers=HTMX)  # fmt: skip
    assert "Pertanyaan tidak dikenal." in unknown.content.decode()
    assert evidence.links.count() == 1


def test_without_javascript_the_picker_is_a_page_and_the_attach_redirects(
    member, world, evaluation, qs
):
    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    page = member.get(also_url(evaluation, qs[0], evidence))
    assert page.status_code == 200 and "<html" in page.content.decode()
    done = member.post(also_url(evaluation, qs[0], evidence), {"questions": [qs[1]]})
    assert done.status_code == 302 and done["Location"].endswith(f"#q-{qs[0]}")
    assert evidence.links.count() == 2


def test_a_document_not_on_this_question_is_404(member, world, evaluation, qs):
    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    assert member.get(also_url(evaluation, qs[1], evidence)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_who_may_attach_to_several_questions(client, world, evaluation, qs, role):
    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    client.force_login(world.users[role])
    get = client.get(also_url(evaluation, qs[0], evidence), headers=HTMX)
    post = client.post(also_url(evaluation, qs[0], evidence), {"questions": [qs[1]]},
                       headers=HTMX)  # fmt: skip
    if role in {"member_a1", "lead_a1"}:
        assert (get.status_code, post.status_code) == (200, 200)
        assert evidence.links.count() == 2
        return
    assert evidence.links.count() == 1
    # The instansi sees the evaluation but not the unit's layer: 404 like anything out of reach.
    assert (get.status_code, post.status_code) == (404, 404)


def test_after_submission_the_unit_hears_why_it_cannot_attach(member, world, evaluation, qs):
    from zona.evaluations.models import Evaluation

    evidence = add(world, evaluation, qs[0], "SK Tim ZI")
    Evaluation.objects.filter(pk=evaluation.pk).update(stage="submitted")
    response = member.post(also_url(evaluation, qs[0], evidence), {"questions": [qs[1]]},
                           headers=HTMX)  # fmt: skip
    assert "hanya dapat diubah oleh tim unit" in response.content.decode()
    assert evidence.links.count() == 1


# --- the count at a glance -----------------------------------------------------------------------
def test_every_evidence_change_sends_the_questions_count_along(member, world, evaluation, qs):
    framework = evaluation.framework.framework()
    no = next(n for n in qs if framework.questions[n].scored)
    quick = reverse("evaluations:evidence_quick", args=[evaluation.pk, no])
    body = member.post(quick, {"url": "https://a1.test/sk"}, headers=HTMX).content.decode()
    assert (f'<a class="badge lke-ev-badge" id="q-{no}-evcount" href="#evidence-q-{no}" '
            f'hx-swap-oob="outerHTML">bukti 1</a>') in body  # fmt: skip
    page = member.get(evaluation.get_absolute_url()).content.decode()
    assert f'id="q-{no}-evcount" href="#evidence-q-{no}">bukti 1</a>' in page
