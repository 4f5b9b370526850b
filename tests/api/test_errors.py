"""One error shape, the caller's language, session auth with CSRF, the docs under a strict CSP."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from zona.evaluations.models import Answer


def shape(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    return error


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("get", "/api/v1/nothing-here", 404, "not_found"),
        ("get", "/api/v2/units", 404, "not_found"),
        ("get", "/api/v1/units/999999", 404, "not_found"),
        ("delete", "/api/v1/units", 405, "method_not_allowed"),
        ("get", "/api/v1/units?limit=0", 422, "validation_error"),
        ("get", "/api/v1/units/abc", 422, "validation_error"),
    ],
)
def test_every_error_has_the_shape(api, world, method, path, status, code):
    response = getattr(api("coordinator_a").client, method)(
        path, headers=api("coordinator_a").headers
    )
    assert response.status_code == status
    assert shape(response)["code"] == code


def test_405_keeps_allow(api, world):
    response = api("coordinator_a").delete("/api/v1/units")
    assert response.status_code == 405 and "GET" in response["Allow"]


def test_unauthenticated_is_401(api, world):
    response = api().get("/api/v1/evaluations")
    assert response.status_code == 401
    assert shape(response)["code"] == "not_authenticated"


def test_server_error_is_json_500(api, world, monkeypatch):
    from zona.api.routers import orgs

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(orgs, "_unit_out", broken)
    response = api("coordinator_a", "en").get(f"/api/v1/units/{world.a1.pk}")
    assert response.status_code == 500
    error = shape(response)
    assert error["code"] == "server_error" and "boom" not in error["message"]


def test_language_accept_language_cookie_default(api, world):
    url = "/api/v1/units/999999"
    indonesian = api("coordinator_a").get(url)
    assert shape(indonesian)["message"] == "Tidak ditemukan, atau di luar jangkauan Anda."
    assert indonesian["Content-Language"] == "id"
    english = api("coordinator_a", "en-US,en;q=0.9").get(url)
    assert shape(english)["message"] == "Not found, or not within your reach."
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    # a language Zona does not speak: Indonesian
    assert api("coordinator_a", "fr").get(url)["Content-Language"] == "id"
    # the language chosen on the screens (its cookie) wins for a browser
    chosen = api("coordinator_a", "en")
    chosen.client.cookies["django_language"] = "id"
    assert chosen.get(url)["Content-Language"] == "id"


def test_session_auth_enforces_csrf_for_unsafe_methods(world, evaluation):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["member_a1"])
    url = f"/api/v1/evaluations/{evaluation.pk}/answers/2"
    assert browser.get(url).status_code == 200  # reading needs no token
    body = json.dumps({"value": "b", "version": 0})
    refused = browser.put(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert shape(refused)["code"] == "csrf_failed"
    assert not Answer.objects.exists()
    page = browser.get("/api/docs")  # the docs page hands the browser its CSRF token
    csrf = re.search(r'data-csrf-token="([^"]+)"', page.content.decode())[1]
    saved = browser.put(url, body, content_type="application/json", headers={"X-CSRFToken": csrf})
    assert saved.status_code == 200, saved.content
    assert Answer.objects.get().updated_by == world.users["member_a1"]


def test_token_auth_needs_no_csrf(api, evaluation):
    client = api("member_a1")
    client.client = Client(enforce_csrf_checks=True)
    url = f"/api/v1/evaluations/{evaluation.pk}/answers/2"
    assert client.put(url, {"value": "b", "version": 0}).status_code == 200


def test_docs_use_only_same_origin_scripts(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert scripts, html
    sources = []
    for attributes in scripts:
        src = re.search(r'src="([^"]+)"', attributes)
        if src:
            sources.append(src[1])
        else:  # an inline block may only be data, which a CSP does not execute
            assert 'type="application/json"' in attributes
    assert sources and all(s.startswith("/static/") for s in sources), sources
    # (not the whole page: its random CSRF token may spell "cdn")
    assert not any("cdn" in s.lower() or "//" in s for s in sources), sources
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    for stylesheet in re.findall(r'<link[^>]+href="([^"]+)"', html):
        assert stylesheet.startswith("/static/")


def test_docs_assets_are_shipped(client):
    from django.contrib.staticfiles import finders

    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), name


def test_openapi_schema_documents_auth_and_errors(client):
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http", "scheme": "bearer",
    }  # fmt: skip
    assert all(path.startswith("/api/v1/") for path in schema["paths"])
    put = schema["paths"]["/api/v1/evaluations/{evaluation_id}/answers/{question}"]["put"]
    assert put["responses"]["default"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
