"""Signing in: username or e-mail, lockout after repeated failures, sessions, password reset."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from world import PASSWORD

LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "login", ["member_a1", "MEMBER_A1", "member_a1@example.test", "Member_A1@Example.test"]
)
def test_login_with_username_or_email(client, world, login):
    response = client.post(LOGIN, {"username": login, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.mark.django_db
def test_wrong_password_says_so_in_indonesian(client, world):
    response = client.post(LOGIN, {"username": "member_a1", "password": "wrong"})
    assert response.status_code == 200
    assert "nama pengguna dan sandi yang benar" in response.content.decode().lower()


@pytest.mark.django_db
def test_repeated_failures_lock_the_login_for_a_while(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(LOGIN, {"username": "member_a1", "password": "wrong"})
    # Even the right password is refused now, with the reason and the wait.
    page = client.post(LOGIN, {"username": "member_a1", "password": PASSWORD})
    text = page.content.decode()
    assert page.status_code == 200 and "Terlalu banyak percobaan gagal" in text
    assert "15 menit" in text
    # Another account is not affected.
    assert client.post(LOGIN, {"username": "lead_a1", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_lockout_ends(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(LOGIN, {"username": "member_a1", "password": "wrong"})
    cache.clear()  # the lockout window passed
    assert client.post(LOGIN, {"username": "member_a1", "password": PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_success_resets_the_failure_count(client, world, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        client.post(LOGIN, {"username": "member_a1", "password": "wrong"})
    assert client.post(LOGIN, {"username": "member_a1", "password": PASSWORD}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post(LOGIN, {"username": "member_a1", "password": "wrong"})
    assert client.post(LOGIN, {"username": "member_a1", "password": PASSWORD}).status_code == 302


def test_session_and_cookie_settings():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_HTTPONLY


@pytest.mark.django_db
def test_password_reset_by_email(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "lead_a1@example.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://testserver(/akun/reset/\S+/)", body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Zona-baru-2026!", "new_password2": "Zona-baru-2026!"},
    )
    assert done.status_code == 302
    assert client.login(username="lead_a1", password="Zona-baru-2026!")


@pytest.mark.django_db
def test_password_reset_for_unknown_address_reveals_nothing(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "x@nowhere.test"})
    assert response.status_code == 302 and not mail.outbox


@pytest.mark.django_db
def test_change_password(client, world):
    client.force_login(world.users["tpi_a"])
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Lain-sekali-2026",
            "new_password2": "Lain-sekali-2026",
        },
    )
    assert response.status_code == 302
    world.users["tpi_a"].refresh_from_db()
    assert world.users["tpi_a"].check_password("Lain-sekali-2026")


# --- the lockout counts per account, whatever spelling of the name (issue 14, item 1) ----------
DOTLESS = "koord\u0131nator.sleman"  # dotless i: PostgreSQL's UPPER() makes it I
SPELLINGS = [
    "koordinator.sleman",
    "KOORDINATOR.SLEMAN",
    "koordinator.\u017fleman",  # long s: folds to "s"
    "".join(chr(ord(c) + 0xFEE0) for c in "koordinator")
    + ".sleman",  # full-width letters: NFKC makes them ASCII
    "koordinator.sleman@example.test",
    "Koordinator.Sleman@Example.TEST",
]


@pytest.fixture
def sleman(django_user_model):
    return django_user_model.objects.create_user(
        "koordinator.sleman", "koordinator.sleman@example.test", PASSWORD
    )


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", SPELLINGS)
def test_every_spelling_that_folds_to_the_name_signs_in(client, sleman, spelling):
    response = client.post(LOGIN, {"username": spelling, "password": PASSWORD})
    assert response.status_code == 302, spelling


@pytest.mark.django_db
def test_the_dotless_i_is_another_name_on_every_database(client, sleman):
    """PostgreSQL's UPPER() maps the dotless i (U+0131) to I; the sign-in compares folded
    text in Python instead, so DOTLESS is no spelling of the name, on SQLite and PostgreSQL."""
    response = client.post(LOGIN, {"username": DOTLESS, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_failures_under_every_spelling_count_against_one_account(client, sleman, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    for spelling in SPELLINGS[1:]:  # five failures, each under a different spelling
        client.post(LOGIN, {"username": spelling, "password": "wrong"})
    for spelling in [*SPELLINGS, DOTLESS]:
        page = client.post(LOGIN, {"username": spelling, "password": PASSWORD})
        assert page.status_code == 200, spelling
        assert "_auth_user_id" not in client.session
    # Locked, and said so under the real name and the e-mail address.
    for spelling in (SPELLINGS[0], SPELLINGS[4]):
        text = client.post(LOGIN, {"username": spelling, "password": PASSWORD}).content.decode()
        assert "Terlalu banyak percobaan gagal" in text


@pytest.mark.django_db
def test_a_name_without_account_has_its_own_counter(client, sleman, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post(LOGIN, {"username": DOTLESS, "password": "wrong"})
    locked = client.post(LOGIN, {"username": "KOORDINATOR.SLEMAN", "password": "x"})
    assert "Terlalu banyak" not in locked.content.decode()  # the account is not locked by it
    text = client.post(LOGIN, {"username": "KOORD\u0131NATOR.sleman", "password": "x"}).content
    assert "Terlalu banyak percobaan gagal" in text.decode()  # the typed name (folded) is
    assert (
        client.post(LOGIN, {"username": "koordinator.sleman", "password": PASSWORD}).status_code
        == 302
    )


@pytest.mark.django_db
def test_an_ambiguous_email_never_signs_in_and_counts_per_name(client, django_user_model):
    for name in ("a1", "a2"):
        django_user_model.objects.create_user(name, "shared@example.test", PASSWORD)
    response = client.post(LOGIN, {"username": "shared@example.test", "password": PASSWORD})
    assert response.status_code == 200
    assert client.post(LOGIN, {"username": "a1", "password": PASSWORD}).status_code == 302
