"""Migration frameworks 0002: stored versions of `lke-2019` (the 52/2014 LKE) become `lke-2014`,
row and source alike, and back; evaluations keep their pinned row. The old code stays an alias."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from zona.frameworks.models import FrameworkVersion
from zona.lke import load_framework_text
from zona.lke.registry import FRAMEWORK_DIR, builtin_framework

MIGRATION = importlib.import_module("zona.frameworks.migrations.0002_rename_lke_2019_to_lke_2014")


def _old_row() -> FrameworkVersion:
    source = (FRAMEWORK_DIR / "lke-2014.yaml").read_text(encoding="utf-8")
    source = source.replace("code: lke-2014", "code: lke-2019", 1).replace(
        'version: "2019.4"', 'version: "2019.2"', 1
    )
    parsed = load_framework_text(source)
    return FrameworkVersion.objects.create(
        code="lke-2019", version="2019.2", name=parsed.name, source=source,
        sha256=parsed.source_sha256, question_count=84, builtin=True, is_active=True,
    )  # fmt: skip


@pytest.mark.django_db
def test_stored_versions_are_renamed_and_back(world):
    from zona.evaluations import actions

    row = _old_row()
    evaluation = actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2019, "WBK", framework=row
    )
    MIGRATION.forward(apps)
    row.refresh_from_db()
    evaluation.refresh_from_db()
    assert row.code == "lke-2014" and evaluation.framework_id == row.pk
    FrameworkVersion.objects.filter(pk=row.pk).update()  # the parse cache is by checksum
    assert row.framework().code == "lke-2014" and row.framework().key == "lke-2014@2019.2"
    MIGRATION.backward(apps)
    row.refresh_from_db()
    assert row.code == "lke-2019" and row.framework().code == "lke-2019"


def test_the_registry_takes_the_old_code_as_an_alias():
    assert builtin_framework("lke-2019") is builtin_framework("lke-2014")
    assert builtin_framework("lke-2014").name == "LKE Zona Integritas — PermenPANRB 52/2014"


@pytest.mark.django_db
def test_the_api_answers_the_old_code_with_a_deprecation_note(client, world, frameworks):
    client.force_login(world.users["sysadmin"])
    version = frameworks["lke-2014"].version
    old = client.get(f"/api/v1/frameworks/lke-2019/{version}")
    assert old.status_code == 200 and old["Deprecation"] == "true"
    body = old.json()
    assert body["code"] == "lke-2014" and "deprecated" in body["deprecation"]
    new = client.get(f"/api/v1/frameworks/lke-2014/{version}").json()
    assert new["deprecation"] is None
    listed = client.get("/api/v1/frameworks?code=lke-2019").json()
    assert {row["code"] for row in listed["items"]} == {"lke-2014"}
