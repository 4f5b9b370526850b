"""Liveness and readiness for load balancers and systemd/kubernetes probes.

`/healthz` answers 200 while the process can serve Python at all (no database, no cache: a
database outage must not make the orchestrator restart every app server). `/readyz` checks
what a request needs: a database query, a cache round trip and the evidence store; 503 with
the name of what failed when one does. Details stay in the log, not in the public answer.

Answered by a middleware placed first, before ALLOWED_HOSTS validation and the HTTPS
redirect: probes come by IP address over plain HTTP. Nothing here reads the Host header.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger("zona.health")

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 did not return 1")


def check_cache() -> None:
    key, value = f"zona:readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("the value written was not read back")
    finally:
        cache.delete(key)


def check_storage() -> None:
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        # exists() of a missing file says False even when the volume is not mounted at all.
        location = Path(storage.location)
        if not location.is_dir() or not os.access(location, os.W_OK | os.X_OK):
            raise RuntimeError(f"{location} is not a writable directory")
    else:
        storage.exists("zona-readyz-probe")  # a HEAD request: fails on credentials/network


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
}


def readiness() -> tuple[bool, dict[str, str]]:
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("readiness check %s failed", name, exc_info=True)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return all(v == "ok" for v in results.values()), results


def _no_store(response: JsonResponse) -> JsonResponse:
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == LIVENESS_PATH:
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path == READINESS_PATH:
            ready, checks = readiness()
            if ready:
                return _no_store(JsonResponse({"status": "ok", "checks": checks}))
            failed = [name for name, result in checks.items() if result != "ok"]
            body = {"status": "unavailable", "failed": failed, "checks": checks}
            return _no_store(JsonResponse(body, status=503))
        return self.get_response(request)
