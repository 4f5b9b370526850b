"""bootstrap_admin (the first administrator, unattended) and zona_cron (periodic commands)."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from zona.accounts.models import Role
from zona.audit.models import AuditEvent
from zona.orgs.access import reach


def test_bootstrap_admin_from_environment(db, monkeypatch):
    monkeypatch.setenv("ZONA_ADMIN_PASSWORD", "Kuat-Sekali-2026")
    out = io.StringIO()
    call_command("bootstrap_admin", "--username", "admin", "--email", "it@x.go.id", stdout=out)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password("Kuat-Sekali-2026")
    assert list(admin.roles.values_list("role", flat=True)) == [Role.SYSADMIN]
    assert reach(admin).everything
    event = AuditEvent.objects.get(action="account.bootstrap_admin")
    assert event.object_id == str(admin.pk) and event.actor is None
    assert "created" in out.getvalue()


def test_bootstrap_admin_again_changes_nothing(db, monkeypatch):
    monkeypatch.setenv("ZONA_ADMIN_PASSWORD", "Kuat-Sekali-2026")
    out = io.StringIO()
    call_command("bootstrap_admin", "--username", "admin", "--email", "a@x.id", stdout=out)
    monkeypatch.setenv("ZONA_ADMIN_PASSWORD", "Lain-Lagi-2027")
    out = io.StringIO()
    call_command("bootstrap_admin", "--username", "admin", "--email", "b@x.id", stdout=out)
    assert "already exists" in out.getvalue()
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("Kuat-Sekali-2026") and admin.email == "a@x.id"


def test_bootstrap_admin_from_stdin(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Dari-Stdin-2026\n"))
    call_command(
        "bootstrap_admin", "--username", "root2", "--email", "r@x.id", "--password-stdin",
        stdout=io.StringIO(),
    )  # fmt: skip
    assert get_user_model().objects.get(username="root2").check_password("Dari-Stdin-2026")


def test_bootstrap_admin_refuses_missing_or_weak_password(db, monkeypatch):
    monkeypatch.delenv("ZONA_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="ZONA_ADMIN_PASSWORD"):
        call_command("bootstrap_admin", "--username", "admin", "--email", "a@x.id")
    monkeypatch.setenv("ZONA_ADMIN_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="Password refused"):
        call_command("bootstrap_admin", "--username", "admin", "--email", "a@x.id")
    assert not get_user_model().objects.exists()


def test_zona_cron_runs_every_command_and_reports_failures(db, settings, caplog):
    caplog.set_level("INFO", logger="zona.cron")
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() - timezone.timedelta(1)
    )
    settings.ZONA_CRON_COMMANDS = ["clearsessions"]
    out = io.StringIO()
    call_command("zona_cron", "--list", stdout=out)
    assert out.getvalue().split() == ["clearsessions"]
    call_command("zona_cron", stdout=io.StringIO())
    assert not Session.objects.exists()

    settings.ZONA_CRON_COMMANDS = ["no_such_command", "clearsessions"]
    with pytest.raises(CommandError, match="failed: no_such_command"):
        call_command("zona_cron", stdout=io.StringIO())
    assert "periodic command clearsessions done" in caplog.text
