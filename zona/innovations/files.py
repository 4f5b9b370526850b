"""Serving a stored evidence file to someone already allowed to see it."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from zona.evaluations.actions import EVIDENCE_TYPES

logger = logging.getLogger(__name__)


def file_response(stored, filename: str) -> FileResponse:
    name = filename or stored.sha256[:12]
    ext = name[name.rfind(".") :].lower() if "." in name else ""
    try:
        handle = stored.file.open("rb")
    except OSError:
        logger.exception("evidence file %s is missing from the storage", stored.sha256)
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=name,
        content_type=EVIDENCE_TYPES.get(ext) or stored.content_type or "application/octet-stream",
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
