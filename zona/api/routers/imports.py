"""Bulk imports: upload a filled-in template (multipart) → its preview → confirm. The same
functions as the screens (`zona.onboarding.actions`), the same reach (the instansi
coordinator for their instansi, the administrator everywhere; others 404)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from zona.core.numbers import count
from zona.onboarding import actions
from zona.onboarding.access import batches_for, get_batch_for, get_importable_instansi
from zona.onboarding.importers import IMPORTERS
from zona.onboarding.models import BatchStatus
from zona.onboarding.table import MAX_BYTES, FileProblem

from ..errors import ApiError
from ..pagination import Page, PageParams, paginate
from ..types import Id

router = Router(tags=["imports"])

Kind = Literal["units", "people", "facts", "findings"]
assert set(Kind.__args__) == set(IMPORTERS)  # the schema lists every importer


class Counts(Schema):
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: int = 0


class RowOutcome(Schema):
    row: int
    status: Literal["created", "changed", "unchanged"]
    label: str
    changes: list[str]


class ImportProblem(Schema):
    sheet: str
    row: int | None
    column: str
    message: str
    text: str


class ImportOut(Schema):
    id: UUID
    kind: Kind
    instansi_id: int
    filename: str
    status: BatchStatus
    rows_total: int
    counts: Counts
    created_at: datetime
    applied_at: datetime | None
    job_id: UUID | None


class ImportDetail(ImportOut):
    outcomes: list[RowOutcome]
    problems: list[ImportProblem]


class UploadIn(Schema):
    instansi_id: Id
    kind: Kind


class ImportFilters(PageParams):
    instansi: Id | None = None
    status: BatchStatus | None = None


def _out(batch, detail: bool = False) -> dict:
    out = {
        "id": batch.pk, "kind": batch.kind, "instansi_id": batch.instansi_id,
        "filename": batch.filename, "status": batch.status, "rows_total": batch.rows_total,
        "counts": batch.counts or {}, "created_at": batch.created_at,
        "applied_at": batch.applied_at, "job_id": batch.job_id,
    }  # fmt: skip
    if detail:
        out |= {"outcomes": batch.outcomes, "problems": batch.problems}
    return out


@router.get("", response=Page[ImportOut], summary="Imports within reach, newest first")
def list_imports(request, filters: Query[ImportFilters]):
    rows = batches_for(request.user).order_by("-created_at", "pk")
    if filters.instansi:
        rows = rows.filter(instansi_id=filters.instansi)
    if filters.status:
        rows = rows.filter(status=filters.status)
    page = paginate(rows, filters)
    page["items"] = [_out(b) for b in page["items"]]
    return page


@router.post(
    "", response={201: ImportDetail},
    summary="Upload a filled-in template (multipart): kept and previewed, nothing applied",
)  # fmt: skip
def upload_import(request, data: Form[UploadIn], file: File[UploadedFile]):
    """The preview says per row what confirming will create, change or leave unchanged, and
    lists the problems by sheet, row and column; 422 `unreadable_file` when the file cannot be
    read as a table at all."""
    instansi = get_importable_instansi(request.user, data.instansi_id)
    if file.size > MAX_BYTES:
        raise ApiError(
            422, "unreadable_file",
            _("The file is larger than %(mb)s MB; split it into several files.")
            % {"mb": count(MAX_BYTES // (1024 * 1024))},
        )  # fmt: skip
    try:
        batch = actions.upload(
            request.user, instansi, data.kind, filename=file.name or "", content=file.read(),
            base_url=request.build_absolute_uri("/"),
        )  # fmt: skip
    except FileProblem as problem:
        raise ApiError(422, "unreadable_file", str(problem)) from None
    return Status(201, _out(batch, detail=True))


@router.get("/{import_id}", response=ImportDetail, summary="An import with its preview")
def get_import(request, import_id: UUID):
    return _out(get_batch_for(request.user, import_id), detail=True)


@router.post(
    "/{import_id}/confirm", response={200: ImportDetail, 202: ImportDetail},
    summary="Apply a previewed import, all or nothing",
)  # fmt: skip
def confirm_import(request, import_id: UUID):
    """200 with the outcome when applied now; 202 with `job_id` when it is large and runs on
    the queue (follow it at /tugas/<job_id>/ or poll this import). 409 `not_confirmable` when
    it was confirmed already or has problems."""
    batch = get_batch_for(request.user, import_id)
    try:
        job = actions.confirm(request.user, batch)
    except actions.ImportError_ as error:
        raise ApiError(409, "not_confirmable", str(error)) from None
    batch = get_batch_for(request.user, import_id)
    return Status(202 if job is not None and batch.status == BatchStatus.QUEUED else 200,
                  _out(batch, detail=True))  # fmt: skip
