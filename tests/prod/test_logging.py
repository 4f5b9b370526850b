"""JSON log lines and the X-Request-ID that ties a request's lines together."""

from __future__ import annotations

import json
import logging

from django.urls import reverse
from world import PASSWORD

from zona.core.logging import JsonFormatter, request_context


def _record(message="hello %s", args=("dunia",), **extra):
    record = logging.LogRecord("zona.test", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def test_json_line_has_the_fields():
    line = JsonFormatter().format(_record(status=404, duration_ms=12.5, path="/x/"))
    entry = json.loads(line)
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "zona.test"
    assert entry["message"] == "hello dunia"
    assert entry["time"].endswith("+00:00") and "T" in entry["time"]
    assert (entry["status"], entry["duration_ms"], entry["path"]) == (404, 12.5, "/x/")
    assert "request_id" not in entry and "\n" not in line


def test_json_line_takes_request_fields_from_the_context():
    token = request_context.set({"request_id": "abc12345", "path": "/evaluasi/"})
    try:
        entry = json.loads(JsonFormatter().format(_record()))
    finally:
        request_context.reset(token)
    assert entry["request_id"] == "abc12345" and entry["path"] == "/evaluasi/"


def test_exceptions_stay_on_one_line():
    try:
        raise ValueError("rusak")
    except ValueError:
        import sys

        record = _record()
        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: rusak" in json.loads(line)["exception"]


def test_request_id_is_made_returned_and_logged(client, world, caplog):
    caplog.set_level("INFO", logger="zona.request")
    client.login(username="sysadmin", password=PASSWORD)
    response = client.get(reverse("home"))
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    (entry,) = [r for r in caplog.records if r.name == "zona.request"]
    assert entry.status == 200 and entry.method == "GET"
    assert entry.user_id == world.users["sysadmin"].pk
    assert entry.duration_ms >= 0
    line = json.loads(JsonFormatter().format(entry))
    assert line["request_id"] == request_id and line["path"] == "/"


def test_request_id_from_the_proxy_is_kept_unless_odd(client, db):
    given = "f3a9c0d2e1b44c1e9a8f7a6b5c4d3e2f"
    assert client.get(reverse("login"), HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    odd = client.get(reverse("login"), HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
    assert odd != "<script>\n" and len(odd) == 32


def test_anonymous_requests_log_no_user(client, db, caplog):
    caplog.set_level("INFO", logger="zona.request")
    client.get(reverse("login"))
    (entry,) = [r for r in caplog.records if r.name == "zona.request"]
    assert entry.user_id is None
