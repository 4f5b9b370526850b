"""Applying a large import as background work (zona.jobs), with the progress page."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.utils.translation import gettext as _

from zona.jobs.kinds import JobRefused, Kind, Outcome
from zona.jobs.models import Job

from .access import get_batch_for

APPLY = "onboarding_apply"


def job_title(batch) -> str:
    return _("Import of %(file)s into %(instansi)s") % {
        "file": batch.filename, "instansi": batch.instansi.name,
    }  # fmt: skip


def _check(user, params: dict) -> None:
    get_batch_for(user, params["batch"])


def _run(job, progress) -> Outcome:
    from .actions import ImportError_, apply

    batch = get_batch_for(job.owner, job.params["batch"])
    report, close = _visible_progress(job, progress)
    try:
        done = apply(job.owner, batch, progress=report)
    except ImportError_ as error:
        raise JobRefused(str(error)) from None
    finally:
        close()
    counts = done.counts
    if done.problems:
        raise JobRefused(
            _("Nothing was applied: %(n)s problems were found; they are listed on the import's "
              "page.") % {"n": counts.get("problems", 0)}
        )  # fmt: skip
    return Outcome(summary=_summary(counts))


def _visible_progress(job, progress):
    """The import runs in one transaction; on PostgreSQL its progress is written through a
    second connection so the progress page sees it while the transaction is open. (SQLite has
    one writer: there the progress shows when the import ends.)"""
    if connection.vendor != "postgresql":
        return progress, lambda: None
    side = connections.create_connection(DEFAULT_DB_ALIAS)
    table = Job._meta.db_table

    def report(done: int, total: int, step: str = "") -> None:
        with side.cursor() as cursor:
            cursor.execute(
                f'UPDATE "{table}" SET done = %s, total = %s, step = %s WHERE id = %s',
                [done, total, step[:300], job.pk],
            )

    return report, side.close


def _summary(counts: dict) -> str:
    return _("Applied: %(created)s created, %(changed)s changed, %(unchanged)s unchanged.") % {
        "created": counts.get("created", 0), "changed": counts.get("changed", 0),
        "unchanged": counts.get("unchanged", 0),
    }  # fmt: skip


KIND = Kind(APPLY, _check, _run)
