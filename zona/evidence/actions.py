"""Creating a unit's document (a file or a link). The apps that attach documents to their own
things (an LKE question, a plan activity) call `create` inside their own transaction and write
their own audit event, which names what the document was attached to."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from .errors import EvidenceError
from .models import Evidence, EvidenceFile
from .storage import check_upload, store


def _described(description: str) -> str:
    description = (description or "").strip()
    if not description:
        raise EvidenceError(_("Describe the document, e.g. its number and title."))
    return description


def check(*, description: str, upload=None, url: str = "") -> str:
    """The cleaned description when the pieces make a document; EvidenceError saying why not
    (nothing is stored)."""
    if bool(upload) == bool(url):
        raise EvidenceError(_("Give either a file or a link."))
    description = _described(description)
    if upload:
        check_upload(upload)
    return description


def create(
    actor, unit_id: int, *, description: str, upload=None, url: str = "",
    document_date: date | None = None, stored: EvidenceFile | None = None, filename: str = "",
) -> Evidence:  # fmt: skip
    """A new document of the unit: an upload (checked, its bytes stored once), bytes already
    stored (`stored` + `filename`, e.g. taken from another register), or a link."""
    if stored is None:
        description = check(description=description, upload=upload, url=url)
        stored = store(upload) if upload else None
        filename = upload.name if upload else ""
    elif url or upload:
        raise EvidenceError(_("Give either a file or a link."))
    else:
        description = _described(description)
    return Evidence.objects.create(
        unit_id=unit_id, file=stored, filename=filename, url=url or "",
        description=description, document_date=document_date, created_by=actor,
    )  # fmt: skip
