"""/healthz and /readyz: answered for any Host, over plain HTTP, without a login; /readyz says
which dependency failed."""

from __future__ import annotations

import pytest
from django.test import Client

from zona.core import health


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_liveness_needs_no_database(client):
    # No `db` fixture: any query would raise "Database access not allowed".
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readiness_checks_database_cache_and_storage(client, db, media):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }


def test_readiness_names_what_failed(client, db, media, monkeypatch, caplog):
    def broken_cache():
        raise ConnectionError("redis://10.0.0.9:6379 refused")

    monkeypatch.setitem(health.CHECKS, "cache", broken_cache)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failed"] == ["cache"]
    assert body["checks"] == {"database": "ok", "cache": "failed", "storage": "ok"}
    assert "10.0.0.9" not in response.content.decode()  # details go to the log only
    assert "readiness check cache failed" in caplog.text


def test_readiness_fails_when_the_evidence_volume_is_missing(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-mounted"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["storage"]


def test_probes_ignore_host_and_https_redirect(db, media, settings):
    settings.ALLOWED_HOSTS = ["zona.example.go.id"]
    settings.SECURE_SSL_REDIRECT = True
    probe = Client(HTTP_HOST="10.0.0.7:8000")
    assert probe.get("/healthz").status_code == 200
    assert probe.get("/readyz").status_code == 200
    # Anything else from that address is refused as usual, and redirected once the host is ok.
    assert probe.get("/masuk/").status_code == 400
    assert Client(HTTP_HOST="zona.example.go.id").get("/masuk/").status_code == 301


def test_probes_are_not_logged_per_request(client, db, media, caplog):
    caplog.set_level("DEBUG", logger="zona.request")
    client.get("/healthz")
    client.get("/readyz")
    assert not [r for r in caplog.records if r.name == "zona.request"]
