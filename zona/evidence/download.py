"""The one way a stored file leaves the server: as an attachment under its own name, never
sniffed, never cached. The caller has decided that the person may have it."""

from __future__ import annotations

import logging

from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control

from .models import EvidenceFile
from .storage import TYPES, extension

logger = logging.getLogger(__name__)


def file_response(stored: EvidenceFile, filename: str) -> FileResponse:
    """`stored` as a download named `filename` (its hash when it has no name); 404 when the
    bytes are missing from the storage (logged: that is the operator's problem)."""
    name = filename or stored.sha256[:12]
    try:
        handle = stored.file.open("rb")
    except OSError:
        logger.exception("evidence file %s is missing from the storage", stored.sha256)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=name,
        content_type=(
            TYPES.get(extension(name)) or stored.content_type or "application/octet-stream"
        ),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
