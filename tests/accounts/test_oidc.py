"""Signing in with the office's identity provider (OpenID Connect), against a provider the test
starts on 127.0.0.1 (tests/oidc_provider.py): nothing leaves the machine.

The Django test client is the browser: it follows Zona's redirects itself and hands the ones to
the provider to `requests`, as a browser would go there and come back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from oidc_provider import Provider
from world import PASSWORD

from zona.accounts.models import RoleAssignment
from zona.audit.models import AuditEvent

LOGIN = reverse("login")
START = reverse("oidc_start")
CALLBACK = reverse("oidc_callback")


@pytest.fixture(scope="module")
def provider():
    provider = Provider().start()
    yield provider
    provider.stop()


@pytest.fixture
def oidc(provider, settings):
    cache.clear()
    provider.claims, provider.mischief = {}, ""
    provider.requests.clear()
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "zona.accounts.auth.UsernameOrEmailBackend",
        "zona.accounts.oidc.OIDCBackend",
    ]
    yield provider
    cache.clear()


def person(email, *, verified=True, sub="sub-1"):
    claims = {"sub": sub, "email": email, "name": "Nama Dari Penyedia"}
    if verified is not None:
        claims["email_verified"] = verified
    return claims


def browse(client, url, provider, *, until_provider=False):
    """Follow redirects like a browser: Zona's through the test client, the provider's over
    HTTP. Returns the last response (from Zona) and the addresses passed through."""
    passed = []
    response = client.get(url)
    for _ in range(10):
        if response.status_code not in (301, 302):
            break
        location = response["Location"]
        passed.append(location)
        if location.startswith(provider.base):
            if until_provider:
                return response, passed
            answer = requests.get(location, allow_redirects=False, timeout=5)
            assert answer.status_code == 302, answer.text
            location = answer.headers["Location"]
            passed.append(location)
        parts = urlsplit(location)
        assert parts.netloc in ("", "testserver"), location
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
    return response, passed


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def refusals():
    return list(AuditEvent.objects.filter(action="account.oidc_refused").order_by("id"))


def text(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------ the round trip


@pytest.mark.django_db
def test_full_sign_in_round_trip(client, world, oidc):
    member = world.users["member_a1"]
    client.get(LOGIN)
    key_before = client.session.session_key
    people_before = get_user_model().objects.count()
    roles_before = sorted(RoleAssignment.objects.values_list("user_id", "role"))
    oidc.claims = person("Member_A1@Example.TEST")  # any case: the same normalisation as login

    response, passed = browse(client, START, oidc)

    assert passed[0].startswith(f"{oidc.base}/authorize?")
    assert "code_challenge=" in passed[0] and "nonce=" in passed[0]
    assert passed[1].startswith(f"http://testserver{CALLBACK}?code=")
    assert passed[-1] == reverse("home")
    assert response.status_code == 200
    assert signed_in_user(client) == member
    assert client.session.session_key != key_before  # a new session, as after a password
    # The server asked the provider for the token, its keys and the person's details.
    assert [p for _m, p in oidc.requests] == ["/authorize", "/token", "/jwks", "/userinfo"]
    # Nobody was created, nothing about the person or their roles was taken from the provider.
    member.refresh_from_db()
    assert get_user_model().objects.count() == people_before
    assert sorted(RoleAssignment.objects.values_list("user_id", "role")) == roles_before
    assert member.first_name != "Nama"
    event = AuditEvent.objects.get(action="account.oidc_signin")
    assert event.actor == member and event.object_id == str(member.pk)
    assert event.after == {"provider": "SSO Uji", "sub": "sub-1"}


@pytest.mark.django_db
def test_sign_in_returns_to_the_page_asked_for(client, world, oidc):
    oidc.claims = person("lead_a1@example.test")
    _response, passed = browse(client, f"{START}?next=/orang/", oidc)
    assert passed[-1] == "/orang/"
    assert signed_in_user(client) == world.users["lead_a1"]


@pytest.mark.django_db
def test_the_code_cannot_be_used_twice(client, world, oidc):
    oidc.claims = person("member_a1@example.test")
    _response, passed = browse(client, START, oidc)
    callback = passed[1].removeprefix("http://testserver")
    client.logout()
    response = client.get(callback, follow=True)
    assert signed_in_user(client) is None
    assert "tidak dimulai di peramban ini atau sudah dipakai" in text(response)
    assert refusals()[-1].note == "session: unknown state"


# ------------------------------------------------------------------------------ refusals


def refused(client, oidc, *, next_page=None):
    url = START + (f"?next={next_page}" if next_page else "")
    response, passed = browse(client, url, oidc)
    assert passed[-1].startswith(LOGIN), passed
    assert response.status_code == 200
    assert signed_in_user(client) is None
    return response


@pytest.mark.django_db
def test_no_account_with_that_email(client, world, oidc):
    people_before = get_user_model().objects.count()
    oidc.claims = person("orang.baru@example.test")
    page = text(refused(client, oidc))
    assert "Tidak ada akun Zona dengan alamat e-mail orang.baru@example.test" in page
    assert "koordinator instansi" in page
    assert get_user_model().objects.count() == people_before  # never created from the provider
    (event,) = refusals()
    assert event.note == "no_account"
    assert event.object_type == "accounts.signin"
    assert event.object_id == "orang.baru@example.test"
    assert event.after["sub"] == "sub-1"


@pytest.mark.django_db
@pytest.mark.parametrize("verified", [False, "false", None, "ya"])
def test_unverified_email_is_not_matched(client, world, oidc, verified):
    oidc.claims = person("member_a1@example.test", verified=verified)
    page = text(refused(client, oidc))
    assert "belum memverifikasi alamat e-mail member_a1@example.test" in page
    assert refusals()[-1].note == "unverified"


@pytest.mark.django_db
def test_verified_as_the_string_true_is_accepted(client, world, oidc):
    oidc.claims = person("member_a1@example.test", verified="true")
    browse(client, START, oidc)
    assert signed_in_user(client) == world.users["member_a1"]


@pytest.mark.django_db
def test_inactive_account(client, world, oidc):
    member = world.users["member_a1"]
    member.is_active = False
    member.save()
    oidc.claims = person("member_a1@example.test")
    page = text(refused(client, oidc))
    assert "Akun Zona dengan alamat e-mail member_a1@example.test dinonaktifkan" in page
    (event,) = refusals()
    assert event.note == "inactive" and event.object_id == str(member.pk)


@pytest.mark.django_db
def test_two_accounts_with_the_same_email(client, world, oidc):
    get_user_model().objects.create_user("kembar", "MEMBER_A1@example.test", PASSWORD)
    oidc.claims = person("member_a1@example.test")
    page = text(refused(client, oidc))
    assert "Lebih dari satu akun Zona" in page
    assert refusals()[-1].note == "ambiguous"


@pytest.mark.django_db
def test_no_email_from_the_provider(client, world, oidc):
    oidc.claims = {"sub": "sub-9"}
    page = text(refused(client, oidc))
    assert "tidak memberi tahu Zona alamat e-mail Anda" in page
    assert refusals()[-1].note == "no_email"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mischief, detail",
    [
        ("tamper", "InvalidSignatureError"),
        ("other_key", "InvalidSignatureError"),
        ("wrong_audience", "InvalidAudienceError"),
        ("wrong_issuer", "InvalidIssuerError"),
        ("expired", "ExpiredSignatureError"),
        ("wrong_nonce", "nonce"),
        ("other_sub", "userinfo sub differs"),
    ],
)
def test_an_answer_that_does_not_verify_signs_nobody_in(client, world, oidc, mischief, detail):
    # The tampered token claims to be the system administrator's, verified.
    oidc.claims = person("member_a1@example.test")
    oidc.mischief = mischief
    page = text(refused(client, oidc))
    assert "Jawaban dari SSO Uji tidak dapat diverifikasi" in page
    (event,) = refusals()
    assert event.note.startswith("token: ") and detail in event.note
    assert not AuditEvent.objects.filter(action="account.oidc_signin").exists()


@pytest.mark.django_db
def test_state_that_this_browser_did_not_start(client, world, oidc):
    oidc.claims = person("member_a1@example.test")
    _response, passed = browse(client, START, oidc, until_provider=True)
    answer = requests.get(passed[-1], allow_redirects=False, timeout=5)
    callback = urlsplit(answer.headers["Location"])
    query = callback.query.replace("state=", "state=x")
    page = client.get(f"{callback.path}?{query}", follow=True)
    assert signed_in_user(client) is None
    assert "tidak dimulai di peramban ini" in text(page)
    assert refusals()[-1].note == "session: unknown state"
    # Nor in another browser that never started a sign-in (the code is still unused).
    other = type(client)()
    page = other.get(f"{callback.path}?{callback.query}", follow=True)
    assert "_auth_user_id" not in other.session
    assert "tidak dimulai di peramban ini" in text(page)


@pytest.mark.django_db
def test_cancelled_at_the_provider(client, world, oidc):
    oidc.claims = {}  # the person presses "cancel" there
    page = text(refused(client, oidc, next_page="/orang/"))
    assert "Masuk dengan SSO Uji dibatalkan" in page
    assert refusals()[-1].note == "cancelled: access_denied"


@pytest.mark.django_db
def test_provider_that_cannot_be_reached(client, world, oidc, settings):
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:9/token"  # nothing listens there
    oidc.claims = person("member_a1@example.test")
    page = text(refused(client, oidc))
    assert "SSO Uji tidak dapat dihubungi" in page
    assert refusals()[-1].note == "provider: ConnectionError"


@pytest.mark.django_db
def test_a_refusal_signs_out_whoever_was_signed_in(client, world, oidc):
    client.force_login(world.users["lead_a1"])
    oidc.claims = person("orang.baru@example.test")
    # The start page is reachable while signed in (to switch account); the refusal signs out.
    refused(client, oidc)


# ------------------------------------------------------------------------------ lockout


@pytest.mark.django_db
def test_a_locked_account_cannot_come_in_through_the_provider(client, world, oidc, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(LOGIN, {"username": "member_a1", "password": "salah"})
    oidc.claims = person("member_a1@example.test")
    page = text(refused(client, oidc))
    assert "Terlalu banyak percobaan gagal" in page and "15 menit" in page
    assert refusals()[-1].note == "locked"


@pytest.mark.django_db
def test_refused_sign_ins_count_as_failures_and_a_success_clears_them(
    client, world, oidc, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    member = world.users["member_a1"]
    member.is_active = False
    member.save()
    oidc.claims = person("member_a1@example.test")
    for _ in range(2):
        refused(client, oidc)
    member.is_active = True
    member.save()
    browse(client, START, oidc)  # the third try succeeds and clears the count
    assert signed_in_user(client) == member
    client.logout()
    for _ in range(2):
        client.post(LOGIN, {"username": "member_a1", "password": "salah"})
    assert client.post(LOGIN, {"username": "member_a1", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_three_refusals_lock_the_password_login_too(client, world, oidc, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    oidc.claims = person("member_a1@example.test", verified=False)
    for _ in range(3):
        refused(client, oidc)
    page = client.post(LOGIN, {"username": "member_a1@example.test", "password": PASSWORD})
    assert page.status_code == 200 and "Terlalu banyak percobaan gagal" in text(page)


# ------------------------------------------------------------------------------ the login page


@pytest.mark.django_db
def test_login_page_offers_both_when_switched_on(client, oidc):
    page = text(client.get(f"{LOGIN}?next=/orang/"))
    assert "Masuk dengan SSO Uji" in page
    assert f'href="{START}?next=/orang/"' in page
    assert 'name="password"' in page


@pytest.mark.django_db
def test_switched_off_by_default(client, world, settings):
    assert settings.ZONA_OIDC_ENABLED is False
    assert "zona.accounts.oidc.OIDCBackend" not in settings.AUTHENTICATION_BACKENDS
    page = text(client.get(LOGIN))
    assert "Masuk dengan" not in page and 'name="password"' in page
    for url in (START, f"{CALLBACK}?code=a&state=b"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Halaman tidak ditemukan" in text(response)  # Zona's own 404 page
    client.force_login(world.users["member_a1"])
    assert client.get(START).status_code == 404


@pytest.mark.django_db
def test_password_login_still_works_when_switched_on(client, world, oidc):
    response = client.post(LOGIN, {"username": "member_a1", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert not oidc.requests  # the provider was not asked


def test_switching_on_without_the_provider_details_stops_the_start():
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZONA_OIDC_")}
    env.update(
        {
            "ZONA_OIDC_ENABLED": "1",
            "ZONA_OIDC_CLIENT_ID": "zona",
            "DJANGO_SETTINGS_MODULE": "zona.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ZONA_OIDC_ENABLED=1 needs ZONA_OIDC_ISSUER, ZONA_OIDC_CLIENT_SECRET" in result.stderr
    assert "ZONA_OIDC_JWKS_ENDPOINT" in result.stderr


def test_oidc_discover_prints_the_settings(provider):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("oidc_discover", provider.base + "/", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:6] == [
        "ZONA_OIDC_ENABLED=1",
        f"ZONA_OIDC_ISSUER={provider.base}",
        f"ZONA_OIDC_AUTHORIZATION_ENDPOINT={provider.base}/authorize",
        f"ZONA_OIDC_TOKEN_ENDPOINT={provider.base}/token",
        f"ZONA_OIDC_USERINFO_ENDPOINT={provider.base}/userinfo",
        f"ZONA_OIDC_JWKS_ENDPOINT={provider.base}/jwks",
    ]


def test_oidc_discover_refuses_another_issuer(provider):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="names the issuer"):
        call_command("oidc_discover", provider.base + "/realms/lain")
