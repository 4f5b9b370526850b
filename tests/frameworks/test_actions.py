"""Loading and activating frameworks: validated, immutable per version, audited."""

from __future__ import annotations

import re

import pytest

from zona.audit.models import AuditEvent
from zona.frameworks.actions import FrameworkConflict, activate_framework, load_framework
from zona.frameworks.models import FrameworkVersion
from zona.lke import FrameworkError, builtin_framework
from zona.lke.registry import FRAMEWORK_DIR

SOURCE_2021 = (FRAMEWORK_DIR / "lke-2021.yaml").read_text(encoding="utf-8")
SHIPPED = builtin_framework("lke-2021").version  # the version the shipped file has today
QUESTIONS = len(builtin_framework("lke-2021").questions)


def corrected(version: str) -> str:
    return SOURCE_2021.replace(f'version: "{SHIPPED}"', f'version: "{version}"', 1)


@pytest.mark.django_db
def test_load_stores_validated_file_and_audits(alice):
    version, created = load_framework(SOURCE_2021, alice)
    assert created and version.is_active
    assert (version.code, version.version, version.question_count) == (
        "lke-2021", SHIPPED, QUESTIONS,
    )  # fmt: skip
    assert version.framework().key == f"lke-2021@{SHIPPED}"
    event = AuditEvent.objects.get(action="framework.loaded")
    assert event.actor == alice and event.object_label == f"lke-2021@{SHIPPED}"
    assert event.after["sha256"] == version.sha256


@pytest.mark.django_db
def test_loading_the_same_file_twice_changes_nothing(alice):
    first, _ = load_framework(SOURCE_2021, alice)
    again, created = load_framework(SOURCE_2021, alice)
    assert again == first and not created
    assert AuditEvent.objects.filter(action="framework.loaded").count() == 1


@pytest.mark.django_db
def test_same_version_with_other_content_is_refused(alice):
    load_framework(SOURCE_2021, alice)
    changed = SOURCE_2021.replace("Penyusunan Tim Kerja", "Penyusunan Tim Kerja ZI", 1)
    with pytest.raises(FrameworkConflict, match=re.escape(f"lke-2021@{SHIPPED}")):
        load_framework(changed, alice)
    assert FrameworkVersion.objects.count() == 1


@pytest.mark.django_db
def test_invalid_file_is_refused_and_nothing_stored(alice):
    broken = SOURCE_2021.replace("weight: 0.5", "weight: 0.75", 1)
    with pytest.raises(FrameworkError) as info:
        load_framework(broken, alice)
    assert any("A.I.1" in m for m in info.value.messages("en"))
    assert not FrameworkVersion.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_new_version_becomes_active_and_old_one_is_kept(alice):
    old, _ = load_framework(SOURCE_2021, alice)
    new, _ = load_framework(corrected("2099.1"), alice)
    old.refresh_from_db()
    assert new.is_active and not old.is_active
    assert old.framework().key == f"lke-2021@{SHIPPED}"  # pinned evaluations keep theirs
    activate_framework(old, alice)
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.is_active and not new.is_active
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == [
        "framework.loaded", "framework.deactivated", "framework.loaded",
        "framework.deactivated", "framework.activated",
    ]  # fmt: skip


@pytest.mark.django_db
def test_load_frameworks_command_is_idempotent(frameworks):
    assert set(frameworks) == {"lke-2014", "lke-2021"}
    assert all(v.builtin and v.is_active for v in frameworks.values())
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_frameworks", stdout=out)
    assert "already present" in out.getvalue()
    assert FrameworkVersion.objects.count() == 2
