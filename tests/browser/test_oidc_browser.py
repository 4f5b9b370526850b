"""Signing in with the office's identity provider in Chromium: the login page offers both ways,
the browser goes to a provider the test runs on 127.0.0.1 and comes back signed in; a refusal
comes back to the login page with its reason. Screenshots at 1366 and 390 px."""

from __future__ import annotations

import re

import pytest
from oidc_provider import Provider
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def provider(settings):
    provider = Provider().start()
    for name, value in provider.settings().items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "zona.accounts.auth.UsernameOrEmailBackend",
        "zona.accounts.oidc.OIDCBackend",
    ]
    yield provider
    provider.stop()


def test_login_page_offers_both_and_the_provider_signs_in(
    page, live_server, provider, transactional_db, django_user_model, screenshots_dir
):
    rina = django_user_model.objects.create_user(
        "rina", "rina.wulandari@example.go.id", "rahasia-rina-1", first_name="Rina",
        last_name="Wulandari",
    )  # fmt: skip
    for width, height in ((1366, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/masuk/")
        expect(page.get_by_role("link", name="Masuk dengan SSO Uji")).to_be_visible()
        expect(page.get_by_label("Nama pengguna atau e-mail")).to_be_visible()
        expect(page.get_by_role("button", name="Masuk", exact=True)).to_be_visible()
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
        page.screenshot(path=screenshots_dir / f"oidc-login-{width}.png", full_page=True)

    # No account with this address: back on the login page, with the reason.
    provider.claims = {"sub": "s-2", "email": "orang.lain@example.go.id", "email_verified": True}
    page.get_by_role("link", name="Masuk dengan SSO Uji").click()
    expect(page).to_have_url(re.compile(r"/masuk/"))
    expect(
        page.get_by_text("Tidak ada akun Zona dengan alamat e-mail orang.lain@example.go.id")
    ).to_be_visible()
    page.screenshot(path=screenshots_dir / "oidc-refused-390.png", full_page=True)

    provider.claims = {"sub": "s-1", "email": rina.email, "email_verified": True}
    page.set_viewport_size({"width": 1366, "height": 800})
    page.get_by_role("link", name="Masuk dengan SSO Uji").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("body")).to_contain_text("Rina Wulandari")
    assert ("GET", "/authorize") in provider.requests and ("POST", "/token") in provider.requests
