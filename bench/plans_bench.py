"""Benchmark of the action plans: the pages that list activities and the reminder run, on a
throw-away SQLite database (the embedded default) filled with `--units` units (default 100),
each with a plan of `--activities` activities (default 200) spread over the six LKE areas,
about one in six overdue.

    .venv/bin/python bench/plans_bench.py [--units 100] [--activities 200] [--rounds 30]

Prints the median and p95 of: a plan page (its list, filters and per-area summary), the same
list exported to XLSX, the list of all plans with their counts, and the unit page's timeline;
then the reminder command on a day when many reminders are due (first run: e-mails go to the
in-memory outbox) and again the same day (nothing to send: the idempotent path a cron hits).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent)]
DB_FILE = Path(tempfile.mkdtemp(prefix="zona-plans-bench-")) / "bench.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "zona.settings"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
# As in production: DEBUG off (no query log, no template debug data).
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "zona-plans-bench-only-not-a-secret-0123456789-abcdefghij")

TODAY = date(2026, 6, 15)
AREAS = ("MP", "TT", "SDM", "AK", "PW", "PP")
PASSWORD = "bench-Zona-2026"


def seed(units: int, per_unit: int):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from zona.accounts.models import Role, RoleAssignment
    from zona.frameworks.models import FrameworkVersion
    from zona.orgs.models import Echelon, Instansi, InstansiKind, UnitKerja, UnitType
    from zona.plans.models import ActionPlan, Activity

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    framework = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    kind = UnitType.objects.create(name="Biro")
    instansi = Instansi.objects.create(name="Kementerian Bench", kind=InstansiKind.KEMENTERIAN)
    made = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=instansi, name=f"Unit {i:04}", echelon=Echelon.II, unit_type=kind)
        for i in range(units)
    )
    users = get_user_model().objects
    member = users.create_user("bench_unit", "unit@bench.test", PASSWORD)
    coordinator = users.create_user("bench_coord", "coord@bench.test", PASSWORD)
    RoleAssignment.objects.create(user=member, role=Role.UNIT_MEMBER, unit=made[0])
    RoleAssignment.objects.create(
        user=coordinator, role=Role.INSTANSI_COORDINATOR, instansi=instansi
    )
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(unit=u, year=2026, framework=framework) for u in made
    )
    rows = []
    for plan in plans:
        for i in range(per_unit):
            done = i % 5 == 0
            rows.append(
                Activity(
                    plan=plan,
                    title=f"Kegiatan {i:03}",
                    area=AREAS[i % 6],
                    output="Laporan",
                    owner=member,
                    start_date=date(2026, 1, 1),
                    due_date=TODAY + timedelta(days=(i % 60) - 20),
                    status="selesai" if done else "berjalan",
                    progress=100 if done else i % 90,
                )
            )
        if len(rows) > 20_000:
            Activity.objects.bulk_create(rows)
            rows = []
    Activity.objects.bulk_create(rows)
    return plans[0], made[0]


def timed(call, rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--activities", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core import mail
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from zona.plans import clock
    from zona.plans.models import ReminderSent
    from zona.plans.reminders import send_reminders

    setup_test_environment()  # the locmem outbox, and the test client's ALLOWED_HOSTS
    clock.today = lambda: TODAY
    start = time.perf_counter()
    plan, unit = seed(args.units, args.activities)
    total = args.units * args.activities
    print(f"seeded {args.units} plans × {args.activities} = {total} activities "
          f"in {time.perf_counter() - start:.1f} s (SQLite, {DB_FILE})")  # fmt: skip

    member, coordinator = Client(), Client()
    member.login(username="bench_unit", password=PASSWORD)
    coordinator.login(username="bench_coord", password=PASSWORD)
    plan_url = reverse("plans:plan", args=[plan.pk])
    pages = [
        (f"plan page, {args.activities} activities", member, plan_url),
        ("plan page, overdue filter", member, plan_url + "?status=terlambat&urut=-kemajuan"),
        (f"XLSX export, {args.activities} rows", member, plan_url + "?format=xlsx"),
        (f"all plans with counts ({args.units} plans)", coordinator, reverse("plans:index")),
        ("unit page with timeline", member, reverse("plans:unit", args=[unit.pk])),
    ]
    for label, client, url in pages:
        assert client.get(url).status_code == 200, url
        median, p95 = timed(lambda c=client, u=url: c.get(u), args.rounds)
        print(f"  {label:<42} median {median:7.1f} ms   p95 {p95:7.1f} ms")

    for run in ("first run", "second run, same day"):
        mail.outbox = []
        start = time.perf_counter()
        outcome = send_reminders(TODAY, days_before=7, base_url="https://zona.example")
        elapsed = time.perf_counter() - start
        print(f"  reminders, {run:<30} {len(outcome.sent):6} sent in {elapsed * 1000:8.1f} ms "
              f"({len(mail.outbox)} e-mails)")  # fmt: skip
    print(f"  reminder slots recorded: {ReminderSent.objects.count()}")
    DB_FILE.unlink(missing_ok=True)
    DB_FILE.parent.rmdir()


if __name__ == "__main__":
    main()
