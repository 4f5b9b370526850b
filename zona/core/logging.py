"""JSON log lines for production, using only the standard library.

One object per line with the fields a log shipper indexes: time, level, logger, message and,
inside a request, its id, user, path, status and duration. The request fields come from
`request_context` (set by zona.core.requestlog) or from `extra=` on the call.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging

# The request being served by this thread/task: {"request_id": …, "path": …, "request": …}.
request_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "zona_request_context", default=None
)

# Fields copied from `extra=` (or the request context) when present.
REQUEST_FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = request_context.get() or {}
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is None:
                value = user_id(context.get("request")) if name == "user_id" else context.get(name)
            if value is not None:
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def user_id(request) -> int | None:
    """The signed-in user's id if the request has already looked its user up (a lazy
    `request.user` that nothing evaluated is left alone: logging must not query)."""
    user = getattr(request, "__dict__", {}).get("user")
    # SimpleLazyObject keeps the real user in `_wrapped` once evaluated (a sentinel before).
    real = getattr(user, "_wrapped", user)
    if not getattr(real, "is_authenticated", False):
        return None
    return getattr(real, "pk", None)
