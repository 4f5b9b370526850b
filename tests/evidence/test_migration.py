"""The evidence tables moved from the evaluations app to zona/evidence by state only: on a
database holding files, links, audit-follow-up documents and plan evidence, migrating back to
before the move and forward again keeps every row and every reference, and the two models'
content types (with their permissions) follow them."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from zona.evaluations import actions
from zona.evaluations.models import EvidenceLink
from zona.evidence.models import Evidence, EvidenceFile
from zona.findings.models import Document, Finding, Recommendation
from zona.plans import actions as plan_actions
from zona.plans.models import ActivityEvidence

BEFORE = [
    ("evaluations", "0006_revision_reply"),
    ("findings", "0001_findings_and_capaian_kinerja"),
    ("plans", "0001_action_plans_monev_stages"),
    ("evidence", None),
]
PDF = b"%PDF-1.4 SK Tim ZI"


def _migrate(targets=None):
    """Migrate to `targets` (every app's latest when None) and return the apps of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.fixture
def stored(world, frameworks, settings, tmp_path):
    """One file used by an LKE question, an audit follow-up and a plan activity; one link."""
    settings.MEDIA_ROOT = tmp_path / "media"
    lead, member = world.users["lead_a1"], world.users["member_a1"]
    evaluation = actions.create_evaluation(lead, world.a1, 2026, "WBK")
    first = next(iter(evaluation.framework.framework().questions))
    upload = SimpleUploadedFile("sk.pdf", PDF, "application/pdf")
    evidence = actions.add_evidence(member, evaluation, first, description="SK", upload=upload)
    actions.add_evidence(member, evaluation, first, description="Web", url="https://a1.test/")
    finding = Finding.objects.create(
        unit=world.a1, source="bpk", report_number="LHP 1", report_date=date(2025, 3, 1),
        title="Temuan",
    )  # fmt: skip
    rec = Recommendation.objects.create(finding=finding, text="Rekomendasi")
    Document.objects.create(
        recommendation=rec, file=evidence.file, filename="sts.pdf", description="STS"
    )
    plan = plan_actions.create_plan(member, world.a1, 2026, frameworks["lke-2021"])
    activity = plan_actions.save_activity(
        member, plan,
        {"title": "Agen perubahan", "description": "", "area": "MP", "questions": [],
         "output": "SK", "owner": member, "owner_name": "", "owner_email": "",
         "start_date": date(2026, 1, 5), "due_date": date(2026, 6, 30), "status": "belum",
         "progress": 0},
    )  # fmt: skip
    plan_actions.attach_activity_evidence(member, activity, evidence)
    return evidence


@pytest.mark.django_db(transaction=True)
def test_back_and_forward_keeps_every_row_and_reference(stored):
    sha = stored.file.sha256
    perm = Permission.objects.get(codename="view_evidence")
    old = _migrate(BEFORE)
    # Before the move the same rows are the evaluations app's, read through its old state.
    assert old.get_model("evaluations", "EvidenceFile").objects.get().sha256 == sha
    assert old.get_model("evaluations", "Evidence").objects.count() == 2
    assert old.get_model("evaluations", "EvidenceLink").objects.count() == 2
    assert old.get_model("findings", "Document").objects.get().file.sha256 == sha
    assert old.get_model("plans", "ActivityEvidence").objects.get().evidence.file.sha256 == sha
    assert ContentType.objects.filter(app_label="evaluations", model="evidence").exists()
    assert not ContentType.objects.filter(app_label="evidence").exists()

    new = _migrate()
    assert new.get_model("evidence", "EvidenceFile").objects.get().sha256 == sha
    assert EvidenceFile.objects.get().file.read() == PDF
    assert sorted(Evidence.objects.values_list("description", flat=True)) == ["SK", "Web"]
    assert {link.evidence.description for link in EvidenceLink.objects.all()} == {"SK", "Web"}
    assert Document.objects.get().file_id == stored.file_id
    assert ActivityEvidence.objects.get().evidence_id == stored.pk
    assert ContentType.objects.get_for_model(Evidence).app_label == "evidence"
    assert not ContentType.objects.filter(app_label="evaluations", model="evidence").exists()
    # The permission row is the same one: whoever held it still does.
    assert Permission.objects.get(codename="view_evidence").pk == perm.pk
    assert Permission.objects.get(pk=perm.pk).content_type.app_label == "evidence"
