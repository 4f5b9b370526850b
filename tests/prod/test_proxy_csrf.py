"""The classic self-hosting failure: a POST behind a TLS proxy, or to a bare IP address,
refused with "CSRF verification failed". Real CSRF checks (enforce_csrf_checks), real login."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from world import PASSWORD

from zona.core.origins import csrf_trusted_origins, origins_from_hosts

HOST = "zona.example.go.id"
PROXY = {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


def _login(origin: str | None, *, host: str = HOST, forwarded_proto: str | None = "https"):
    client = Client(enforce_csrf_checks=True)
    headers = {"HTTP_HOST": host}
    if forwarded_proto:
        headers["HTTP_X_FORWARDED_PROTO"] = forwarded_proto
    page = client.get(reverse("login"), **headers)
    assert page.status_code == 200
    token = page.context["csrf_token"]
    if origin:
        headers["HTTP_ORIGIN"] = origin
    return client.post(
        reverse("login"),
        {"username": "sysadmin", "password": PASSWORD, "csrfmiddlewaretoken": str(token)},
        **headers,
    )


@pytest.fixture
def behind_proxy(settings, world):
    settings.ALLOWED_HOSTS = [HOST]
    settings.CSRF_TRUSTED_ORIGINS = csrf_trusted_origins([HOST], [])
    settings.SECURE_PROXY_SSL_HEADER = PROXY["SECURE_PROXY_SSL_HEADER"]


def test_post_with_the_proxys_origin_logs_in(behind_proxy):
    response = _login(f"https://{HOST}")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_post_from_a_foreign_origin_is_refused(behind_proxy):
    assert _login("https://phish.example.com").status_code == 403
    assert _login(f"http://{HOST}").status_code == 403  # downgraded scheme is foreign too


def test_derived_origins_rescue_a_proxy_without_x_forwarded_proto(settings, world):
    """ZONA_BEHIND_PROXY forgotten: the request looks like plain HTTP, the browser says https."""
    settings.ALLOWED_HOSTS = [HOST]
    settings.CSRF_TRUSTED_ORIGINS = []
    assert _login(f"https://{HOST}", forwarded_proto=None).status_code == 403  # the failure
    settings.CSRF_TRUSTED_ORIGINS = csrf_trusted_origins([HOST], [])
    assert _login(f"https://{HOST}", forwarded_proto=None).status_code == 302  # the fix


def test_bare_ip_address_over_http(settings, world):
    settings.ALLOWED_HOSTS = ["10.20.30.40"]
    settings.CSRF_TRUSTED_ORIGINS = csrf_trusted_origins(["10.20.30.40"], [])
    ok = _login("http://10.20.30.40:8080", host="10.20.30.40:8080", forwarded_proto=None)
    assert ok.status_code == 302
    other_port = _login("http://10.20.30.40:9999", host="10.20.30.40:8080", forwarded_proto=None)
    assert other_port.status_code == 403


def test_origins_from_host_names():
    assert origins_from_hosts(["zona.example.go.id", ".kemenpan.go.id", "*", "10.0.0.5"]) == [
        "https://zona.example.go.id",
        "https://*.kemenpan.go.id",
        "https://10.0.0.5",
    ]


def test_explicit_origins_win_and_need_a_scheme():
    explicit = ["http://10.0.0.5:8080", "https://zona.example.go.id"]
    assert csrf_trusted_origins(["ignored.example"], explicit) == explicit
    with pytest.raises(ImproperlyConfigured, match=r"http://10\.0\.0\.5:8080"):
        csrf_trusted_origins([], ["10.0.0.5:8080"])
