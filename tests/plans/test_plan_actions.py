"""Activities, evidence, monev reports and stage marks change only through the actions, which
validate, write and leave an audit trail."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from zona.audit.models import AuditEvent
from zona.plans import actions
from zona.plans.models import Activity, ActivityUpdate, MonevReport, StageMark


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "  "}, "title"),
        ({"output": ""}, "output"),
        ({"area": "XX"}, "area"),
        ({"area": "MP", "questions": ["125"]}, "questions"),  # 125 (IPAK) is a Hasil item
        ({"start_date": date(2026, 5, 1), "due_date": date(2026, 4, 30)}, "due_date"),
        ({"progress": 100, "status": "berjalan"}, "status"),
        ({"progress": 90, "status": "selesai"}, "progress"),
        ({"progress": 101}, "progress"),
        ({"owner": None}, "owner"),  # neither an account nor name + e-mail
        ({"owner": None, "owner_name": "Budi"}, "owner"),
    ],
)
def test_invalid_activities_are_refused(plan, make_activity, fields, field):
    with pytest.raises(ValidationError) as excinfo:
        make_activity(plan, **fields)
    assert field in _errors(excinfo)
    assert not Activity.objects.exists()


def test_owner_must_hold_a_role_in_the_unit(plan, make_activity, world):
    with pytest.raises(ValidationError) as excinfo:
        make_activity(plan, owner=world.users["coordinator_a"])
    assert "owner" in _errors(excinfo)
    activity = make_activity(plan, owner=world.users["lead_a1"])
    assert activity.owner == world.users["lead_a1"]


def test_person_without_an_account(plan, make_activity):
    activity = make_activity(plan, owner=None, owner_name="Budi", owner_email="budi@x.test")
    assert activity.owner_label == "Budi"
    assert activity.owner_address == "budi@x.test"


def test_questions_of_the_area_are_kept_in_framework_order(plan, make_activity):
    from zona.plans.lke import areas_of

    mp = next(a for a in areas_of(plan.framework) if a.code == "MP")
    first, second = mp.questions[0][0], mp.questions[1][0]
    activity = make_activity(plan, questions=[second, first, first])
    assert activity.questions == [first, second]


def test_database_refuses_done_without_100_percent(plan, make_activity):
    activity = make_activity(plan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(status="selesai", progress=80)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=activity.pk).update(due_date=date(2025, 1, 1))


def test_changes_are_audited_and_progress_dated(plan, make_activity, world):
    member = world.users["member_a1"]
    activity = make_activity(plan)
    data = {name: getattr(activity, name) for name in actions.ACTIVITY_FIELDS}
    data.update(owner=activity.owner, status="berjalan", progress=40)
    actions.save_activity(member, plan, data, activity, note="Rapat pertama")
    data.update(title="Pembentukan dan pembekalan agen perubahan")
    actions.save_activity(member, plan, data, activity)  # no status/progress change

    updates = list(ActivityUpdate.objects.filter(activity=activity).values_list(
        "status", "progress", "note"
    ))  # fmt: skip
    assert updates == [("belum", 0, ""), ("berjalan", 40, "Rapat pertama")]
    events = list(
        AuditEvent.objects.filter(object_type="plans.activity", object_id=str(activity.pk))
        .order_by("pk")
        .values_list("action", "before", "after")
    )
    assert [e[0] for e in events] == ["activity.created", "activity.changed", "activity.changed"]
    assert events[1][1] == {"status": "belum", "progress": 0}
    assert events[1][2] == {"status": "berjalan", "progress": 40}
    assert events[2][2] == {"title": "Pembentukan dan pembekalan agen perubahan"}


def test_only_the_unit_team_changes_the_plan(plan, make_activity, world):
    for name in ("coordinator_a", "leadership_a", "tpi_a", "tpn"):
        with pytest.raises(PermissionDenied):
            make_activity(plan, actor=world.users[name])
    assert make_activity(plan, actor=world.users["lead_a1"]).pk


def test_one_plan_per_unit_and_year(plan, world, frameworks):
    with pytest.raises(actions.PlanError):
        actions.create_plan(world.users["lead_a1"], world.a1, 2026, frameworks["lke-2021"])


def test_evidence_goes_to_the_units_evidence_store(plan, make_activity, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    activity = make_activity(plan)
    member = world.users["member_a1"]
    upload = SimpleUploadedFile("sk.pdf", b"%PDF-1.4 agen perubahan", "application/pdf")
    evidence = actions.add_activity_evidence(
        member, activity, description="SK agen perubahan", upload=upload
    )
    assert evidence.unit_id == world.a1.pk and evidence.file.size == 23
    assert list(activity.evidence.all()) == [evidence]
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")
    with pytest.raises(actions.PlanError, match=r"does not match|tidak sesuai"):
        actions.add_activity_evidence(member, activity, description="x", upload=fake)
    with pytest.raises(actions.PlanError):
        actions.add_activity_evidence(member, activity, description="x")  # neither
    link = actions.add_activity_evidence(
        member, activity, description="Berita", url="https://example.test/berita"
    )
    assert activity.evidence.count() == 2 and link.file is None


# --- monev -----------------------------------------------------------------------------------
@pytest.fixture
def report(world) -> MonevReport:
    report = actions.create_monev(world.users["member_a1"], world.a1, 2026, "tw2")
    return actions.save_monev(world.users["member_a1"], report, {"obstacles": "Anggaran"})


def test_quarter_report_dates_and_uniqueness(report, world):
    assert (report.start_date, report.end_date) == (date(2026, 4, 1), date(2026, 6, 30))
    with pytest.raises(actions.PlanError):
        actions.create_monev(world.users["member_a1"], world.a1, 2026, "tw2")
    custom = actions.create_monev(
        world.users["member_a1"], world.a1, 2026, "custom", date(2026, 5, 1), date(2026, 5, 31)
    )
    assert custom.period_label == "1 Mei 2026 – 31 Mei 2026"
    with pytest.raises(ValidationError):
        actions.create_monev(
            world.users["member_a1"], world.a1, 2026, "custom", date(2026, 5, 2), date(2026, 5, 1)
        )


def test_monev_sign_off(report, world):
    member, lead = world.users["member_a1"], world.users["lead_a1"]
    assert actions.available_monev_moves(member, report) == ["submit"]
    with pytest.raises(PermissionDenied):
        actions.move_monev(member, report, "sign")  # only the lead signs
    report = actions.move_monev(member, report, "submit")
    assert actions.available_monev_moves(member, report) == []
    assert actions.available_monev_moves(lead, report) == ["sign", "return"]
    with pytest.raises(actions.PlanError):
        actions.save_monev(member, report, {"obstacles": "changed"})  # submitted: read-only
    with pytest.raises(actions.PlanError):
        actions.move_monev(lead, report, "return")  # a return needs a note
    report = actions.move_monev(lead, report, "return", "Lengkapi tindak lanjut")
    assert report.status == "draft"
    report = actions.save_monev(member, report, {"obstacles": "Anggaran", "follow_up": "Revisi"})
    report = actions.move_monev(member, report, "submit")
    report = actions.move_monev(lead, report, "sign")
    assert report.status == "signed" and report.signed_by == lead and report.signed_at
    assert actions.available_monev_moves(lead, report) == []
    with pytest.raises(actions.PlanError):
        actions.move_monev(lead, report, "return", "too late")
    with pytest.raises(actions.PlanError):
        actions.save_monev(member, report, {"obstacles": "x"})
    steps = list(report.steps.values_list("from_status", "to_status", "note"))
    assert steps == [
        ("draft", "submitted", ""),
        ("submitted", "draft", "Lengkapi tindak lanjut"),
        ("draft", "submitted", ""),
        ("submitted", "signed", ""),
    ]
    actions_logged = list(
        AuditEvent.objects.filter(object_type="plans.monevreport").values_list("action", flat=True)
    )
    assert actions_logged.count("monev.submit") == 2 and "monev.sign" in actions_logged


def test_empty_report_cannot_be_submitted(world):
    report = actions.create_monev(world.users["member_a1"], world.a1, 2026, "tw1")
    with pytest.raises(actions.PlanError):
        actions.move_monev(world.users["member_a1"], report, "submit")


def test_stage_marks(world):
    member = world.users["member_a1"]
    with pytest.raises(actions.PlanError):
        actions.mark_stage(member, world.a1, 2026, 2, date(2026, 1, 10), "  ")
    with pytest.raises(actions.PlanError):
        actions.mark_stage(member, world.a1, 2026, 8, date(2026, 1, 10), "x")
    with pytest.raises(PermissionDenied):
        actions.mark_stage(world.users["coordinator_a"], world.a1, 2026, 2, date(2026, 1, 10), "x")
    actions.mark_stage(member, world.a1, 2026, 2, date(2026, 1, 10), "SK penetapan")
    mark = actions.mark_stage(member, world.a1, 2026, 2, date(2026, 1, 12), "SK No. 5")
    assert StageMark.objects.get().note == "SK No. 5"
    event = AuditEvent.objects.filter(action="stage.marked").order_by("-pk").first()
    assert event.before == {"done_on": "2026-01-10", "note": "SK penetapan"}
    actions.unmark_stage(member, mark)
    assert not StageMark.objects.exists()
