"""What an evidence upload may be (type, size, first bytes) and storing its bytes once by
SHA-256 through Django's storage API."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .errors import EvidenceError
from .models import EvidenceFile, evidence_path

TYPES = {
    ".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".mp4": "video/mp4", ".zip": "application/zip",
}  # fmt: skip
# What the first bytes of a file of each type must be: a renamed .exe is not a PDF.
MAGIC = {
    ".pdf": (b"%PDF",), ".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",), ".xlsx": (b"PK",), ".docx": (b"PK",), ".pptx": (b"PK",),
    ".zip": (b"PK",),
}  # fmt: skip


def extension(name: str) -> str:
    name = (name or "").lower()
    return name[name.rfind(".") :] if "." in name else ""


def check_upload(upload) -> str:
    """The upload's extension when it is allowed; EvidenceError saying why not."""
    ext = extension(upload.name)
    if ext not in TYPES:
        raise EvidenceError(
            _("Files of this type are not accepted. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(TYPES))}
        )
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise EvidenceError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    head = upload.read(8)
    upload.seek(0)
    if ext in MAGIC and not head.startswith(MAGIC[ext]):
        raise EvidenceError(_("The file's content does not match its type %(ext)s.") % {"ext": ext})
    return ext


def _store(upload, ext: str) -> EvidenceFile:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha = digest.hexdigest()
    upload.seek(0)
    stored = EvidenceFile.objects.filter(sha256=sha).first()
    if stored is not None:
        return stored
    stored = EvidenceFile(sha256=sha, size=upload.size, content_type=TYPES[ext])
    path = evidence_path(stored, sha)
    if stored.file.storage.exists(path):  # bytes left by a rolled-back upload: reuse them
        stored.file.name = path
    else:
        stored.file.save(sha, upload, save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # the same bytes uploaded at the same moment by someone else
        stored = EvidenceFile.objects.get(sha256=sha)
    return stored


def store(upload) -> EvidenceFile:
    """Check an upload (`check_upload`) and store its bytes once by SHA-256. EvidenceError says
    why not. Content-addressed, so bytes stored before a failed insert are reused later."""
    return _store(upload, check_upload(upload))
