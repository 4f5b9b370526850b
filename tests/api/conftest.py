"""Fixtures of the API tests: tokens per role of the world, a client that sends them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from zona.api import actions as token_actions
from zona.evaluations import actions


class Form(dict):
    """A body sent as multipart/form-data (uploads), not JSON."""


class ApiClient:
    """The Django test client with a bearer token, JSON bodies and `.json` answers."""

    def __init__(self, token: str | None = None, language: str | None = None):
        self.client = Client()
        self.headers = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def request(self, method: str, path: str, data=None, **extra):
        headers = {**self.headers, **extra.pop("headers", {})}
        call = getattr(self.client, method.lower())
        if method.upper() in ("GET", "DELETE") or data is None:
            return call(path, data, headers=headers, **extra)
        if extra.pop("multipart", False) or isinstance(data, Form):
            return call(path, data, headers=headers, **extra)
        return call(
            path, json.dumps(data), content_type="application/json", headers=headers, **extra
        )

    def get(self, path, data=None, **kw):
        return self.request("GET", path, data, **kw)

    def post(self, path, data=None, **kw):
        return self.request("POST", path, data, **kw)

    def put(self, path, data=None, **kw):
        return self.request("PUT", path, data, **kw)

    def delete(self, path, data=None, **kw):
        return self.request("DELETE", path, None, **kw)


def make_token(user, days: int = 30) -> str:
    _token, secret = token_actions.create_token(user, "test", timezone.now() + timedelta(days=days))
    return secret


@pytest.fixture
def api(world):
    """`api("tpi_a")` → an ApiClient with a fresh token of that person; `api()` anonymous."""

    def _api(username: str | None = None, language: str | None = None) -> ApiClient:
        token = make_token(world.users[username]) if username else None
        return ApiClient(token, language)

    return _api


@pytest.fixture
def evaluation(world, frameworks):
    """Unit A1's 2026 evaluation toward Menuju WBK, in draft."""
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.fixture
def evaluation_b(world, frameworks):
    return actions.create_evaluation(world.users["sysadmin"], world.b1, 2026, "WBK")


@pytest.fixture
def answer(world):
    """`answer("member_a1", evaluation, "2", "unit", "b")`: save with the current version."""
    from zona.evaluations.models import Answer

    def _answer(username, evaluation, no, layer, value, note=""):
        current = Answer.objects.filter(evaluation=evaluation, question=no, layer=layer).first()
        return actions.save_answer(
            world.users[username], evaluation, no, layer, value, note,
            current.version if current else 0,
        )  # fmt: skip

    return _answer
