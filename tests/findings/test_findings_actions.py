"""Recording findings, setting statuses, reporting follow-ups, the capaian kinerja record:
permission, validation and the audit trail."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from zona.audit.models import AuditEvent
from zona.evidence.models import EvidenceFile
from zona.findings import actions
from zona.findings.models import Recommendation, Status

pytestmark = pytest.mark.django_db

FINDING = {
    "source": "bpk", "report_number": "12/LHP/XVIII/2025", "report_date": date(2025, 5, 20),
    "title": "Kelebihan pembayaran perjalanan dinas", "description": "Rp 12.500.000",
}  # fmt: skip


@pytest.fixture
def finding(world):
    f = actions.create_finding(world.users["tpi_a"], world.a1, **FINDING)
    actions.add_recommendation(
        world.users["tpi_a"], f, "Setorkan kelebihan ke kas negara", date(2025, 8, 20)
    )
    return f


def test_create_finding_records_audit_event(world, finding):
    event = AuditEvent.objects.get(action="finding.created")
    assert event.actor == world.users["tpi_a"]
    assert event.after["report_number"] == "12/LHP/XVIII/2025" and event.after["source"] == "bpk"
    rec = finding.recommendations.get()
    assert (rec.status, rec.status_on) == (Status.BELUM, date(2025, 5, 20))


@pytest.mark.parametrize("username", ["member_a1", "lead_a1", "leadership_a", "tpn", "norole"])
def test_only_monitors_record_findings(world, username):
    with pytest.raises(PermissionDenied):
        actions.create_finding(world.users[username], world.a1, **FINDING)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"source": "other"}, "Name the auditor"),
        ({"report_number": " "}, "report number"),
        ({"report_date": date.today() + timedelta(days=2)}, "future"),
        ({"source": "kpk"}, "source"),
    ],
)
def test_bad_finding_refused(world, change, message):
    with pytest.raises(actions.FindingError, match=message):
        actions.create_finding(world.users["coordinator_a"], world.a1, **{**FINDING, **change})


def test_status_change_keeps_trail_and_audit(world, finding):
    rec = finding.recommendations.get()
    actions.change_status(world.users["tpi_a"], rec, "belum_sesuai", date(2025, 9, 1), "Sebagian")
    actions.change_status(world.users["tpi_lead_a"], rec, "sesuai", date(2025, 12, 1), "Lunas")
    rec.refresh_from_db()
    assert (rec.status, rec.status_on) == ("sesuai", date(2025, 12, 1))
    trail = list(rec.changes.values_list("from_status", "to_status", "effective_on", "note"))
    assert trail == [
        ("belum", "belum_sesuai", date(2025, 9, 1), "Sebagian"),
        ("belum_sesuai", "sesuai", date(2025, 12, 1), "Lunas"),
    ]
    event = AuditEvent.objects.filter(action="finding.status_changed").order_by("pk").last()
    assert event.before == {"recommendation": rec.pk, "status": "belum_sesuai"}
    assert event.after == {"recommendation": rec.pk, "status": "sesuai", "as_of": "2025-12-01"}
    assert event.note == "Lunas" and event.actor == world.users["tpi_lead_a"]


def test_backdated_status_corrects_history_not_present(world, finding):
    rec = finding.recommendations.get()
    actions.change_status(world.users["tpi_a"], rec, "sesuai", date(2025, 12, 1))
    actions.change_status(world.users["tpi_a"], rec, "belum_sesuai", date(2025, 9, 1))
    rec.refresh_from_db()
    assert rec.status == "sesuai"


@pytest.mark.parametrize(
    "status, on, note, message",
    [
        ("tidak_dapat", None, "", "reason"),
        ("sesuai", date(2025, 5, 1), "", "before the report"),
        ("sesuai", "tomorrow", "", "future"),
        ("selesai", None, "", "Choose"),
    ],
)
def test_bad_status_refused(world, finding, status, on, note, message):
    if on == "tomorrow":
        on = timezone.localdate() + timedelta(days=1)
    rec = finding.recommendations.get()
    with pytest.raises(actions.FindingError, match=message):
        actions.change_status(world.users["tpi_a"], rec, status, on, note)


def test_unit_team_reports_follow_up_but_cannot_set_status(world, finding):
    rec = finding.recommendations.get()
    with pytest.raises(PermissionDenied):
        actions.change_status(world.users["lead_a1"], rec, "sesuai")
    upload = SimpleUploadedFile("sts.pdf", b"%PDF-1.4 bukti setor", "application/pdf")
    actions.report_follow_up(
        world.users["member_a1"], rec, "Disetor 10 Sept", upload=upload, description="STS"
    )
    rec.refresh_from_db()
    assert rec.status == Status.BELUM  # the auditor has not judged it yet
    change = rec.changes.get()
    assert (change.to_status, change.note) == ("", "Disetor 10 Sept")
    doc = rec.documents.get()
    assert doc.file.sha256 == EvidenceFile.objects.get().sha256 and doc.filename == "sts.pdf"
    # the same bytes again are stored once
    again = SimpleUploadedFile("copy.pdf", b"%PDF-1.4 bukti setor", "application/pdf")
    actions.report_follow_up(world.users["lead_a1"], rec, "Ulang", upload=again, description="x")
    assert EvidenceFile.objects.count() == 1 and rec.documents.count() == 2
    assert AuditEvent.objects.filter(action="finding.follow_up_reported").count() == 2


def test_follow_up_refuses_a_disguised_file(world, finding):
    rec = finding.recommendations.get()
    fake = SimpleUploadedFile("sts.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(actions.FindingError, match="does not match"):
        actions.report_follow_up(world.users["member_a1"], rec, "x", upload=fake, description="d")
    assert not rec.changes.exists()


def test_other_units_team_cannot_follow_up(world, finding):
    other = actions.create_finding(world.users["coordinator_a"], world.a2, **FINDING)
    rec = actions.add_recommendation(world.users["coordinator_a"], other, "Perbaiki SOP")
    with pytest.raises(PermissionDenied):
        actions.report_follow_up(world.users["member_a1"], rec, "Sudah")


def test_overdue(world, finding):
    rec = finding.recommendations.get()  # deadline 20 Aug 2025
    assert rec.is_overdue(date(2025, 8, 21)) and not rec.is_overdue(date(2025, 8, 20))
    rec.status = Status.TIDAK_DAPAT
    assert not rec.is_overdue(date(2025, 8, 21))
    assert not Recommendation(status=Status.BELUM).is_overdue(date(2030, 1, 1))  # no deadline


def test_save_performance_replaces_indicators_and_audits(world):
    rows = [
        actions.IndicatorInput("Indeks kepuasan masyarakat", Decimal(80), Decimal(85), Decimal(82)),
        actions.IndicatorInput("Waktu layanan (hari)", Decimal(5), Decimal(4), polarity="lower"),
    ]
    rec = actions.save_performance(
        world.users["member_a1"], world.a1, 2025, outcome_oriented=True, note="", indicators=rows
    )
    assert list(rec.indicators.values_list("name", "position")) == [
        ("Indeks kepuasan masyarakat", 0), ("Waktu layanan (hari)", 1)
    ]  # fmt: skip
    actions.save_performance(
        world.users["coordinator_a"], world.a1, 2025, outcome_oriented=False, note="koreksi",
        indicators=rows[:1],
    )  # fmt: skip
    assert rec.indicators.count() == 1
    last = AuditEvent.objects.filter(action="performance.saved").order_by("pk").last()
    assert last.before["outcome_oriented"] is True and len(last.before["indicators"]) == 2
    assert last.after["indicators"] == [
        ["Indeks kepuasan masyarakat", "", "higher", "80", "85", "82", None]
    ]


@pytest.mark.parametrize("username", ["tpi_a", "leadership_a", "member_a1"])
def test_performance_kept_by_unit_team_and_coordinator(world, username):
    unit = world.a2  # member_a1 belongs to A1, not A2
    with pytest.raises(PermissionDenied):
        actions.save_performance(
            world.users[username], unit, 2025, outcome_oriented=True, note="", indicators=[]
        )


def test_performance_refuses_zero_target(world):
    bad = [actions.IndicatorInput("IKU", Decimal(0), Decimal(3))]
    with pytest.raises(actions.FindingError, match="more than 0"):
        actions.save_performance(
            world.users["lead_a1"], world.a1, 2025, outcome_oriented=True, note="", indicators=bad
        )
