"""Benchmark of the API's newer lists (findings, activities, monev, people, roles,
notifications, the unit's document library) on PostgreSQL: the service time of one page of 50
and its number of queries, through the whole middleware stack with a bearer token (Django's
test client in-process: no HTTP, one caller; what a request costs the server).

    .venv/bin/python bench/api_lists_bench.py [--units 200] [--findings 2000] [--rounds 60]
                                              [--keep]

Creates `zona_bench_api_lists` on postgres://postgres@127.0.0.1:5432 (another URL in
ZONA_BENCH_API_LISTS_DATABASE_URL), migrates it, and seeds with bulk inserts: one instansi of
`--units` units; `--findings` findings with two recommendations each and a follow-up document
on one in four; a plan of 500 activities serving one to three strategies, 12 monev reports;
300 people with unit roles; 2,000 notifications of the coordinator; 400 evidence documents of
the first unit. The caller is the instansi coordinator (the widest reach after the
administrator). Prints the median and p95 per list and its queries; drops the database unless
`--keep`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT)]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zona_bench_api_lists"
URL = os.environ.get("ZONA_BENCH_API_LISTS_DATABASE_URL", DEFAULT_URL)
os.environ["ZONA_BENCH_DATABASE_URL"] = URL
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"

import seed_bench  # noqa: E402  (after the URL is set)


def seed(units_count: int, findings_count: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.utils import timezone

    from zona.accounts.models import Role, RoleAssignment
    from zona.api.actions import create_token
    from zona.evidence.models import Evidence, EvidenceFile
    from zona.findings.models import Document, Finding, Recommendation
    from zona.frameworks.models import FrameworkVersion
    from zona.notifications.models import Notification
    from zona.orgs.models import Echelon, Instansi, InstansiKind, UnitKerja, UnitType
    from zona.plans.models import ActionPlan, Activity, MonevReport, Strategy

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    kind = UnitType.objects.create(name="Biro")
    instansi = Instansi.objects.create(name="Kementerian Bench", kind=InstansiKind.KEMENTERIAN)
    units = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=instansi, name=f"Unit {i:04d}", echelon=Echelon.III, unit_type=kind)
        for i in range(units_count)
    )
    users = get_user_model().objects
    coordinator = users.create_user("bench_coordinator", "coordinator@bench.test")
    RoleAssignment.objects.create(
        user=coordinator, role=Role.INSTANSI_COORDINATOR, instansi=instansi
    )
    people = users.bulk_create(
        get_user_model()(username=f"staf{i}", email=f"staf{i}@bench.test", first_name="Staf",
                         last_name=f"{i:03d}")
        for i in range(300)
    )  # fmt: skip
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=p, role=Role.UNIT_MEMBER, unit=units[i % len(units)])
        for i, p in enumerate(people)
    )
    first = units[0]
    findings = Finding.objects.bulk_create(
        Finding(unit=units[i % len(units)], source="bpk", report_number=f"LHP {i}/2025",
                report_date=date(2025, 1, 1) + timedelta(days=i % 300), title=f"Temuan {i}")
        for i in range(findings_count)
    )  # fmt: skip
    recs = Recommendation.objects.bulk_create(
        Recommendation(finding=f, text=f"Rekomendasi {j}", status=("belum", "sesuai")[j])
        for f in findings
        for j in (0, 1)
    )
    stored = EvidenceFile.objects.create(
        sha256="0" * 64, file="evidence/00/bench", size=1234, content_type="application/pdf"
    )
    Document.objects.bulk_create(
        Document(recommendation=r, file=stored, filename="ba.pdf", description="BA")
        for r in recs[::8]
        if r.finding.unit_id == first.pk
    )
    Evidence.objects.bulk_create(
        Evidence(unit=first, url=f"https://x.test/{i}", description=f"Dokumen {i}")
        for i in range(400)
    )
    framework = FrameworkVersion.objects.filter(code="lke-2021").first()
    plan = ActionPlan.objects.create(unit=first, year=2026, framework=framework)
    activities = Activity.objects.bulk_create(
        Activity(plan=plan, title=f"Kegiatan {i}", area="MP", output="SK", owner_name="A",
                 owner_email="a@bench.test", start_date=date(2026, 1, 1),
                 due_date=date(2026, 1, 1) + timedelta(days=i % 360))
        for i in range(500)
    )  # fmt: skip
    strategies = list(Strategy.objects.order_by("number"))
    through = Activity.strategies.through
    through.objects.bulk_create(
        through(activity=a, strategy=s)
        for i, a in enumerate(activities)
        for s in strategies[: 1 + i % 3]
    )
    MonevReport.objects.bulk_create(
        MonevReport(unit=units[i], year=2026, period="tw1", start_date=date(2026, 1, 1),
                    end_date=date(2026, 3, 31))
        for i in range(12)
    )  # fmt: skip
    content_type = ContentType.objects.get_for_model(UnitKerja)
    Notification.objects.bulk_create(
        Notification(recipient=coordinator, kind="mention", content_type=content_type,
                     object_id=first.pk, link="/x", key=f"n{i}",
                     context={"actor": "Rina", "question": "2", "unit": "Unit", "year": 2026})
        for i in range(2000)
    )  # fmt: skip
    token = create_token(coordinator, "bench", timezone.now() + timedelta(days=1))[1]
    return {"token": token, "plan": plan.pk, "unit": first.pk}


def measure(setup: dict, rounds: int) -> list[tuple[str, float, float, int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {setup['token']}", HTTP_HOST="127.0.0.1")
    paths = [
        "/api/v1/findings?limit=50",
        "/api/v1/findings?limit=50&q=LHP%201",
        f"/api/v1/plans/{setup['plan']}/activities?limit=50",
        f"/api/v1/plans/{setup['plan']}/activities?limit=50&strategy=komitmen",
        "/api/v1/plans?limit=50",
        "/api/v1/monev?limit=50",
        "/api/v1/people?limit=50",
        "/api/v1/roles?limit=50",
        "/api/v1/notifications?limit=50",
        f"/api/v1/units/{setup['unit']}/library?limit=50",
    ]
    out = []
    for path in paths:
        for _ in range(3):  # warm-up
            assert client.get(path).status_code == 200, path
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        count = response.json()["count"]
        p95 = statistics.quantiles(times, n=20)[-1]
        out.append((path, statistics.median(times), p95, len(queries), count))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--findings", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    seed_bench.ensure_database(URL, reset=True)
    import django

    django.setup()
    try:
        started = time.perf_counter()
        setup = seed(args.units, args.findings)
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        print(f"{'list':64} {'median':>9} {'p95':>9} {'queries':>8} {'count':>7}")
        for path, median, p95, queries, count in measure(setup, args.rounds):
            print(f"{path:64} {median:7.1f}ms {p95:7.1f}ms {queries:8d} {count:7d}")
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop(URL)


def drop(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                         user=db["USER"] or "postgres", dbname="postgres",
                         autocommit=True) as conn:  # fmt: skip
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(db["NAME"])))


if __name__ == "__main__":
    main()
