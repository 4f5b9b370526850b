"""Personal API tokens: created (shown once, stored hashed), used, expired, revoked."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from zona.api import actions
from zona.api.models import ApiToken
from zona.audit.models import AuditEvent

from .conftest import ApiClient


def test_token_is_stored_hashed_and_works(world):
    user = world.users["tpi_a"]
    token, secret = actions.create_token(user, "SIMPEG", timezone.now() + timedelta(days=30))
    assert re.fullmatch(r"zona_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", secret)
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.split("_", 2)[2] not in str(stored.__dict__)
    assert stored.secret_sha256 == hashlib.sha256(secret.split("_", 2)[2].encode()).hexdigest()
    assert AuditEvent.objects.filter(action="api_token.created", object_id=str(token.pk)).exists()
    response = ApiClient(secret).get("/api/v1/units")
    assert response.status_code == 200
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_last_used_is_written_at_most_once_a_minute(world, django_assert_num_queries):
    _token, secret = actions.create_token(
        world.users["tpi_a"], "x", timezone.now() + timedelta(days=1)
    )
    client = ApiClient(secret)
    client.get("/api/v1/unit-types")  # first use: writes last_used_at
    with django_assert_num_queries(2):  # the token, the unit types: no write
        client.get("/api/v1/unit-types")
    ApiToken.objects.update(last_used_at=timezone.now() - timedelta(minutes=2))
    with django_assert_num_queries(3):  # … and a write again after a minute
        client.get("/api/v1/unit-types")


@pytest.mark.parametrize(
    ("mangle", "code"),
    [
        (lambda s: s[:-1] + ("A" if s[-1] != "A" else "B"), "token_invalid"),
        (lambda s: "zona_ffffffff_" + s.split("_", 2)[2], "token_invalid"),
        (lambda s: "not-a-token", "token_invalid"),
    ],
)
def test_wrong_tokens_are_401(world, mangle, code):
    _token, secret = actions.create_token(
        world.users["tpi_a"], "x", timezone.now() + timedelta(days=1)
    )
    response = ApiClient(mangle(secret)).get("/api/v1/units")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code


def test_expired_and_revoked_tokens_are_401(world):
    user = world.users["tpi_a"]
    token, secret = actions.create_token(user, "x", timezone.now() + timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = ApiClient(secret, "en").get("/api/v1/units")
    assert expired.status_code == 401
    assert expired.json()["error"]["code"] == "token_expired"
    assert "expired" in expired.json()["error"]["message"]

    token, secret = actions.create_token(user, "y", timezone.now() + timedelta(days=1))
    actions.revoke_token(user, token)
    revoked = ApiClient(secret).get("/api/v1/units")
    assert revoked.status_code == 401
    assert revoked.json()["error"]["code"] == "token_revoked"
    assert AuditEvent.objects.filter(action="api_token.revoked", object_id=str(token.pk)).exists()


def test_expiry_is_required_and_at_most_a_year(world):
    user = world.users["tpi_a"]
    with pytest.raises(ValidationError):
        actions.create_token(user, "x", timezone.now() + timedelta(days=367))
    with pytest.raises(ValidationError):
        actions.create_token(user, "x", timezone.now() - timedelta(days=1))
    with pytest.raises(ValidationError):
        actions.create_token(user, "  ", timezone.now() + timedelta(days=1))
    assert not ApiToken.objects.exists()


def test_screens_create_list_and_revoke(client, world):
    user = world.users["member_a1"]
    client.force_login(user)
    page = client.get(reverse("api_tokens:list"))
    assert page.status_code == 200
    expires = (timezone.localdate() + timedelta(days=30)).isoformat()
    created = client.post(reverse("api_tokens:list"), {"name": "Skrip laporan", "expires": expires})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    secret = re.search(rb'value="(zona_[^"]+)"', created.content)[1].decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "Skrip laporan"
    assert ApiClient(secret).get("/api/v1/units").status_code == 200
    # the list never shows the secret again
    listed = client.get(reverse("api_tokens:list")).content.decode()
    assert secret not in listed and f"zona_{token.prefix}_" in listed
    # too long a validity: the form says so and keeps what was typed
    too_long = (timezone.localdate() + timedelta(days=400)).isoformat()
    refused = client.post(reverse("api_tokens:list"), {"name": "Lama", "expires": too_long})
    assert refused.status_code == 422
    assert b'value="Lama"' in refused.content and ApiToken.objects.count() == 1
    revoked = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert revoked.status_code == 302
    assert ApiClient(secret).get("/api/v1/units").status_code == 401


def test_nobody_revokes_someone_elses_token(client, world):
    token, _secret = actions.create_token(
        world.users["tpi_a"], "x", timezone.now() + timedelta(days=1)
    )
    client.force_login(world.users["sysadmin"])
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_screens_need_login(client):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
