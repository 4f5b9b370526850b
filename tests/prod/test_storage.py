"""The evidence store works through Django's storage API alone, so S3 (django-storages) can
replace the disk: upload, de-duplication, download and /readyz are exercised against a
storage that has no local path at all (`.path()` would raise)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from world import PASSWORD

from zona.evaluations import actions


@pytest.fixture
def pathless_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "prodkit.PathlessStorage"},
    }
    with pytest.raises(NotImplementedError):
        default_storage.path("x")
    return default_storage


def test_evidence_round_trip_without_local_paths(client, world, frameworks, pathless_storage):
    lead = world.users["lead_a1"]
    evaluation = actions.create_evaluation(lead, world.a1, 2026, "WBK")
    content = b"%PDF-1.7\n" + bytes(range(256)) * 40
    evidence = actions.add_evidence(
        lead, evaluation, "1", description="SK Tim ZI",
        upload=SimpleUploadedFile("SK Tim.pdf", content),
    )  # fmt: skip
    again = actions.add_evidence(
        lead, evaluation, "2", description="SK Tim ZI (lagi)",
        upload=SimpleUploadedFile("SK Tim salinan.pdf", content),
    )  # fmt: skip
    assert evidence.file_id == again.file_id  # stored once
    assert evidence.file.sha256 == hashlib.sha256(content).hexdigest()
    assert pathless_storage.exists(evidence.file.file.name)

    client.login(username="lead_a1", password=PASSWORD)
    response = client.get(
        reverse("evaluations:evidence_download", args=[evaluation.pk, evidence.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Disposition"].startswith("attachment")


def test_readiness_asks_a_remote_storage_whether_it_answers(client, db, pathless_storage):
    assert client.get("/readyz").json()["checks"]["storage"] == "ok"
