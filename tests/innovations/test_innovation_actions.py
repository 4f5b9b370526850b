"""The register's actions: validation that names the field, the audit trail, the LKE counts
taken into an evaluation with their source, a publication attached in one step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from zona.audit.models import AuditEvent
from zona.evaluations.models import Answer, EvidenceLink
from zona.innovations import actions
from zona.innovations.queries import lke_counts, media_summary


def test_innovation_is_saved_with_its_measure_and_audited(innovation):
    assert innovation.change == Decimal("-4")
    assert innovation.framework_code == "lke-2021"
    event = AuditEvent.objects.get(action="innovation.created")
    assert event.after["value_before"] == "5" and event.after["questions"] == ["78"]


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"name": "  "}, "name"),
        ({"problem": ""}, "problem"),
        ({"value_after": None}, "value_after"),
        ({"measure": "", "measure_unit": ""}, "measure"),
        ({"questions": ["78", "999"]}, "questions"),
        ({"status": "sulap"}, "status"),
    ],
)
def test_invalid_innovations_are_refused(world, frameworks, innovation_data, fields, field):
    with pytest.raises(ValidationError) as refused:
        actions.save_innovation(world.users["member_a1"], world.a1, innovation_data(**fields))
    assert field in refused.value.message_dict


def test_service_of_another_unit_is_refused(world, frameworks, innovation_data):
    other = actions.save_service(world.users["sysadmin"], world.a2, name="Layanan A2")
    with pytest.raises(ValidationError) as refused:
        actions.save_innovation(world.users["member_a1"], world.a1, innovation_data(service=other))
    assert "service" in refused.value.message_dict


def test_readers_and_other_units_may_not_write(world, frameworks, innovation_data):
    for username in ("tpi_a", "coordinator_a", "leadership_a", "tpn"):
        with pytest.raises(PermissionDenied):
            actions.save_innovation(world.users[username], world.a1, innovation_data())
    with pytest.raises(PermissionDenied):
        actions.save_service(world.users["member_a1"], world.a2, name="X")


def test_duplicate_service_name_is_refused(world, services):
    with pytest.raises(ValidationError) as refused:
        actions.save_service(world.users["member_a1"], world.a1, name="konsultasi")
    assert "name" in refused.value.message_dict


def test_lke_counts(world, innovation, innovation_data, services):
    member = world.users["member_a1"]
    # an idea does not count; a second live innovation of the same service counts once
    actions.save_innovation(member, world.a1, innovation_data(name="Ide", status="ide",
                            service=services["Konsultasi"]))  # fmt: skip
    actions.save_innovation(member, world.a1, innovation_data(name="Loket antar",
                            status="direplikasi"))  # fmt: skip
    # started after the evaluation year: not counted for 2026
    actions.save_innovation(member, world.a1, innovation_data(
        name="SK daring", service=services["Penerbitan surat keterangan"],
        start_date=date(2027, 1, 5)))  # fmt: skip
    assert lke_counts(world.a1.pk, 2026) == (lke_counts(world.a1.pk, 2026).__class__)(
        registered=3, simplified=1, as_of=date(2026, 12, 31)
    )
    assert lke_counts(world.a1.pk, 2027).simplified == 2
    actions.save_service(member, world.a1, name="Konsultasi", active=False,
                         service=services["Konsultasi"])  # fmt: skip
    assert lke_counts(world.a1.pk, 2026).registered == 2


def test_counts_are_taken_into_the_unit_layer_with_the_source(world, innovation, evaluation):
    values = actions.take_counts(world.users["member_a1"], evaluation)
    assert values == {"122": 3, "123": 1}
    answers = {a.question: a for a in Answer.objects.filter(evaluation=evaluation, layer="unit")}
    assert Decimal(answers["122"].value) == 3 and Decimal(answers["123"].value) == 1
    assert "register inovasi" in answers["122"].note
    assert "3 layanan terdaftar, 1 dipermudah" in answers["123"].note
    event = AuditEvent.objects.get(action="evaluation.counts_from_register")
    assert event.after == {"layer": "unit", "122": 3, "123": 1}
    # Taking them again after a change moves the answers on (no stale-version refusal).
    actions.save_service(world.users["member_a1"], world.a1, name="Pengaduan")
    actions.take_counts(world.users["member_a1"], evaluation)
    assert Decimal(Answer.objects.get(evaluation=evaluation, question="122").value) == 4


def test_counts_need_an_open_layer(world, innovation, evaluation):
    with pytest.raises(PermissionDenied):
        actions.take_counts(world.users["tpi_a"], evaluation)  # not in TPI review yet


def test_publication_needs_a_link_or_a_file(world, innovation):
    data = {"published_on": date(2026, 4, 2), "title": "Spanduk", "channel": "spanduk",
            "url": "", "activity": None, "innovation": None}  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        actions.save_publication(world.users["member_a1"], world.a1, data)
    assert "url" in refused.value.message_dict
    photo = SimpleUploadedFile("spanduk.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")
    saved = actions.save_publication(world.users["member_a1"], world.a1, data, upload=photo)
    assert saved.file.size == 108 and saved.filename == "spanduk.png"


def test_publication_attached_to_publication_questions_in_one_step(world, publication, evaluation):
    attached = actions.attach_publication(
        world.users["member_a1"], publication, evaluation, ["5", "72", "99"]
    )
    assert attached == ["5", "72"]  # 99 is not a publication question
    links = EvidenceLink.objects.filter(evaluation=evaluation).order_by("question")
    assert [(link.question, link.evidence_id) for link in links] == [
        ("5", publication.evidence_id),
        ("72", publication.evidence_id),
    ]
    assert publication.evidence.url == publication.url
    assert publication.evidence.description.startswith("Legalisasi kini bisa daring (Situs web")
    # again, with another question: the same evidence is reused
    actions.attach_publication(world.users["member_a1"], publication, evaluation, ["74"])
    assert EvidenceLink.objects.filter(evaluation=evaluation).count() == 3
    assert AuditEvent.objects.filter(action="publication.attached").count() == 2


def test_attaching_is_refused_once_submitted(world, publication, evaluation):
    evaluation.stage = "submitted"
    evaluation.save(update_fields=["stage"])
    with pytest.raises(actions.InnovationError):
        actions.attach_publication(world.users["member_a1"], publication, evaluation, ["5"])
    assert not EvidenceLink.objects.exists()


def test_media_summary_by_channel_and_month(world, publication):
    member = world.users["member_a1"]
    for day, channel in ((date(2026, 4, 20), "website"), (date(2026, 7, 1), "medsos"),
                         (date(2025, 7, 1), "medsos")):  # fmt: skip
        actions.save_publication(member, world.a1, {
            "published_on": day, "title": "Berita", "channel": channel,
            "url": "https://x.example.go.id/b", "activity": None, "innovation": None,
        })  # fmt: skip
    summary = media_summary(world.a1.pk, 2026)
    rows = {code: (months, total) for code, _label, months, total in summary.rows}
    assert rows["website"][0][3] == 2 and rows["website"][1] == 2
    assert rows["medsos"][0][6] == 1 and rows["medsos"][1] == 1
    assert summary.month_totals[3] == 2 and summary.total == 3


def test_public_page_switch_is_audited(world):
    page = actions.set_public_page(world.users["lead_a1"], world.a1, True)
    assert page.enabled
    event = AuditEvent.objects.get(action="public_page.changed")
    assert event.before == {"enabled": False} and event.after == {"enabled": True}
    with pytest.raises(PermissionDenied):
        actions.set_public_page(world.users["tpi_a"], world.a1, False)
