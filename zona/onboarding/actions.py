"""Every import: upload → preview → confirm. The preview runs the whole import through the
owning apps' actions inside a transaction that is then rolled back, so it shows exactly what
confirming will do; confirming runs it again for real, all or nothing, and records the trail.
Imports of more than `LARGE` rows are applied on the queue (a `zona.jobs` kind)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.findings.actions import FindingError
from zona.orgs.access import can_manage_instansi

from .importers import IMPORTERS, importer
from .importers.base import CHANGED, CREATED, UNCHANGED, Context, RowError
from .models import BatchStatus, ImportBatch
from .table import FileProblem, Problem, read

LARGE = 200  # rows; above this, confirming runs on the queue with a progress page
PROGRESS_EVERY = 25


class ImportError_(ValueError):
    """The import cannot go on (already applied, has problems): the message says why."""


class _Rollback(Exception):
    pass


def upload(actor, instansi, kind: str, *, filename: str, content: bytes, base_url: str):
    """Keep the file and preview it. Raises FileProblem when it cannot be read at all."""
    if not can_manage_instansi(actor, instansi) or kind not in IMPORTERS:
        raise PermissionDenied
    table = read(content, filename, importer(kind).spec)  # FileProblem before anything is kept
    batch = ImportBatch.objects.create(
        kind=kind, instansi=instansi, created_by=actor, filename=filename[:255],
        content=content, base_url=base_url[:300], rows_total=len(table.rows),
    )  # fmt: skip
    _store(batch, run(actor, batch, commit=False))
    return batch


def _store(batch: ImportBatch, report: dict) -> None:
    batch.counts, batch.outcomes, batch.problems = (
        report["counts"],
        report["outcomes"],
        report["problems"],
    )
    batch.save(update_fields=["counts", "outcomes", "problems"])


def run(actor, batch: ImportBatch, *, commit: bool, progress: Callable | None = None) -> dict:
    """Read the batch's file and apply every row through the actions, in one transaction:
    kept when `commit` and no row has a problem, rolled back otherwise.

    The rows run without a savepoint each (a quarter of the statements of a large import on
    PostgreSQL); should the database refuse a row, the whole run is rolled back and done again
    with a savepoint per row, so that the refused row is named and the others go on."""
    try:
        return _run(actor, batch, commit=commit, progress=progress, savepoints=False)
    except DatabaseError:
        return _run(actor, batch, commit=commit, progress=progress, savepoints=True)


def _run(actor, batch, *, commit: bool, progress, savepoints: bool) -> dict:
    imp = importer(batch.kind)
    table = read(bytes(batch.content), batch.filename, imp.spec)
    problems: list[Problem] = list(table.problems)
    outcomes: list[dict] = []
    counts = {CREATED: 0, CHANGED: 0, UNCHANGED: 0}
    ctx = Context(actor=actor, instansi=batch.instansi, base_url=batch.base_url)
    try:
        with transaction.atomic():
            # A missing column: the rows cannot be read right; the sheet's problem says why.
            rows = [] if table.problems else imp.prepare(ctx, table.rows)
            for done, row in enumerate(rows, start=1):
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done, len(rows), _("Row %(n)s of %(total)s") % {
                        "n": done, "total": len(rows)})  # fmt: skip
                if row.problems:
                    problems += row.problems
                    continue
                try:
                    if savepoints:
                        with transaction.atomic():  # a refused row leaves nothing behind
                            outcome = imp.apply_row(ctx, row)
                    else:
                        outcome = imp.apply_row(ctx, row)
                except DatabaseError as error:
                    if not savepoints:
                        raise
                    refused = _("the database refused this row: %(error)s") % {"error": error}
                    problems.append(Problem(table.sheet, row.number, "", refused))
                    continue
                except RowError as error:
                    problems.append(Problem(table.sheet, row.number, error.column, error.message))
                    continue
                except FindingError as error:
                    problems.append(Problem(table.sheet, row.number, "", str(error)))
                    continue
                except PermissionDenied:
                    problems.append(Problem(table.sheet, row.number, "",
                                            _("you may not make this change.")))  # fmt: skip
                    continue
                counts[outcome.status] += 1
                outcomes.append({"row": row.number, "status": outcome.status,
                                 "label": outcome.label, "changes": outcome.changes})  # fmt: skip
            if not commit or problems:
                raise _Rollback
            record(
                actor, "import.applied", batch,
                after={"kind": batch.kind, "file": batch.filename, **counts},
            )  # fmt: skip
            if ctx.invitations:
                from .tasks import send_invitation

                ids, base_url = list(ctx.invitations), batch.base_url
                transaction.on_commit(lambda: [send_invitation.delay(pk, base_url) for pk in ids])
    except _Rollback:
        pass
    problems.sort(key=lambda p: (p.row or 0, p.column))
    outcomes.sort(key=lambda o: o["row"])
    return {
        "counts": {**counts, "problems": len(problems)},
        "outcomes": outcomes,
        "problems": [p.as_dict() for p in problems],
    }


def confirm(actor, batch: ImportBatch):
    """Apply a previewed import: now when small (returns None), on the queue when large
    (returns the job, whose page shows the progress)."""
    if not can_manage_instansi(actor, batch.instansi):
        raise PermissionDenied
    if batch.status != BatchStatus.PREVIEWED:
        raise ImportError_(_("This import was confirmed already."))
    if batch.problems:
        raise ImportError_(_("Correct the problems in the file and upload it again."))
    if batch.rows_total > LARGE:
        from zona.jobs.kinds import start

        from .jobs import APPLY, job_title

        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != BatchStatus.PREVIEWED:
                raise ImportError_(_("This import was confirmed already."))
            locked.status = BatchStatus.QUEUED
            locked.save(update_fields=["status"])
        job = start(actor, APPLY, {"batch": str(batch.pk)}, job_title(batch))
        ImportBatch.objects.filter(pk=batch.pk).update(job_id=job.pk)
        return job
    apply(actor, batch)
    return None


def apply(actor, batch: ImportBatch, progress: Callable | None = None) -> ImportBatch:
    """Run the import for real. On a problem found now (the data changed since the preview),
    nothing is applied and the batch shows the problems."""
    if not can_manage_instansi(actor, batch.instansi):
        raise PermissionDenied
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status not in (BatchStatus.PREVIEWED, BatchStatus.QUEUED):
            raise ImportError_(_("This import was confirmed already."))
        report = run(actor, locked, commit=True, progress=progress)
        _store(locked, report)
        if report["problems"]:
            locked.status = BatchStatus.FAILED
            locked.save(update_fields=["status"])
        else:
            locked.status, locked.applied_at, locked.applied_by = (
                BatchStatus.APPLIED,
                timezone.now(),
                actor,
            )
            locked.save(update_fields=["status", "applied_at", "applied_by"])
    return locked


__all__ = ["LARGE", "FileProblem", "ImportError_", "apply", "confirm", "run", "upload"]
