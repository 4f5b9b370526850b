"""One log line per request, and an X-Request-ID that follows the request through the logs.

The id comes from the proxy (nginx `$request_id`, see deploy/nginx) when it sends a sane one,
otherwise it is made here; it is returned in the response so a person reporting a problem
can quote it and the operator can find every line of that request.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from .logging import request_context, user_id

logger = logging.getLogger("zona.request")

HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_from(request) -> str:
    given = request.headers.get(HEADER, "")
    return given if _SANE_ID.match(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request)
        token = request_context.set(
            {"request_id": request.request_id, "path": request.path, "request": request}
        )
        started = time.monotonic()
        try:
            response = self.get_response(request)
            duration_ms = round((time.monotonic() - started) * 1000, 1)
            response[HEADER] = request.request_id
            status = response.status_code
            level = logging.ERROR if status >= 500 else logging.INFO
            logger.log(
                level,
                "%s %s %s %.1fms",
                request.method,
                request.path,
                status,
                duration_ms,
                extra={
                    "request_id": request.request_id,
                    "path": request.path,
                    "method": request.method,
                    "status": status,
                    "duration_ms": duration_ms,
                    "user_id": user_id(request),
                },
            )
            return response
        finally:
            request_context.reset(token)
