"""Time the dashboards and reports with 10,000 units.

    .venv/bin/python bench/dashboard_bench.py [--units 10000] [--runs 7] [--keep]

Creates the PostgreSQL database `zona_bench_dash` on postgres://postgres@127.0.0.1:5432 (another
URL: ZONA_BENCH_DASH_URL), migrates it, seeds it in bulk and renders every dashboard in process
with Django's test client as a system administrator (the widest reach), `runs` times each,
printing the median, the fastest run and the number of SQL queries. Drops the database at the
end unless --keep.

Seed: 40 instansi in 10 provinces and 5 kinds, 9 unit types, `units` units spread evenly over
the instansi, three evaluations per unit (2024–2026, LKE 2021) in every stage, each with its
three `LayerScore` rows (plausible totals, area values and predicates written directly: the
dashboards read only these stored summaries, so the scores need not come from real answers),
and about one predicate award per eight units and year. One unit's 2026 evaluation is answered
in full in the unit and TPI layers (the unit dashboard and the report score that one layer).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent / "tests"), str(BENCH_DIR.parent)]
URL = os.environ.get("ZONA_BENCH_DASH_URL", "postgres://postgres@127.0.0.1:5432/zona_bench_dash")
os.environ["DATABASE_URL"] = URL
os.environ["DJANGO_SETTINGS_MODULE"] = "zona.settings"

PROVINCES = ["Aceh", "Sumatera Utara", "Riau", "DKI Jakarta", "Jawa Barat", "Jawa Tengah",
             "Jawa Timur", "Bali", "Sulawesi Selatan", "Papua"]  # fmt: skip
UNIT_TYPES = ["Polres", "Rumah Sakit", "KPP", "KPPN", "Kantor Bea Cukai", "Perwakilan BPK",
              "Lapas", "Dukcapil", "DPMPTSP"]  # fmt: skip
KINDS = ["kementerian", "lembaga", "provinsi", "kabupaten", "kota"]
STAGES = ["draft", "submitted", "tpi_review", "returned", "tpi_final", "proposed", "tpn_desk",
          "tpn_field", "decided", "closed"]  # fmt: skip
YEARS = (2024, 2025, 2026)


def database(action: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(URL)
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432,
              "user": db["USER"] or "postgres", "password": db["PASSWORD"] or None,
              "dbname": "postgres", "autocommit": True}  # fmt: skip
    with psycopg.connect(**params) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db["NAME"]))
        )
        if action == "create":
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))


def seed(units_wanted: int, rng: random.Random):
    from io import StringIO

    from dashboard_fill import fill
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from zona.accounts.models import Role, RoleAssignment
    from zona.evaluations.models import Evaluation, LayerScore
    from zona.frameworks.models import FrameworkVersion
    from zona.orgs.models import Echelon, Instansi, PredicateAward, UnitKerja, UnitType

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", stdout=StringIO())
    version = FrameworkVersion.objects.get(code="lke-2021")
    framework = version.framework()
    types = UnitType.objects.bulk_create(UnitType(name=n) for n in UNIT_TYPES)
    instansi = Instansi.objects.bulk_create(
        Instansi(name=f"Instansi {i:02}", kind=KINDS[i % 5], region=PROVINCES[i % 10])
        for i in range(40)
    )
    units = UnitKerja.objects.bulk_create(
        (
            UnitKerja(instansi=instansi[n % 40], name=f"Unit kerja {n:05}",
                      echelon=Echelon.III, unit_type=types[n % len(types)])
            for n in range(units_wanted)
        ),
        batch_size=2000,
    )  # fmt: skip
    evaluations = Evaluation.objects.bulk_create(
        (
            Evaluation(unit=u, year=y, framework=version, target="WBK", stage=rng.choice(STAGES))
            for u in units
            for y in YEARS
        ),
        batch_size=2000,
    )
    areas = framework.areas

    def layer_score(evaluation, layer):
        level = rng.uniform(0.45, 1.0)
        values = {a.code: round(float(a.weight) * min(level + rng.uniform(-0.1, 0.1), 1), 6)
                  for a in areas}  # fmt: skip
        pengungkit = sum(values.values())
        hasil = 40 * min(level + rng.uniform(-0.1, 0.1), 1)
        total = pengungkit + hasil
        predicate = "WBK" if total >= 75 else ""
        return LayerScore(
            evaluation=evaluation, layer=layer, total=round(total, 4),
            pengungkit=round(pengungkit, 4), hasil=round(hasil, 4), predicate=predicate,
            answered=len(framework.questions), areas=values,
        )  # fmt: skip

    LayerScore.objects.bulk_create(
        (layer_score(e, layer) for e in evaluations for layer in ("unit", "tpi", "tpn")),
        batch_size=5000,
    )
    PredicateAward.objects.bulk_create(
        PredicateAward(unit=u, year=y, predicate="WBBM" if rng.random() < 0.1 else "WBK")
        for u in units
        for y in YEARS
        if rng.random() < 0.125
    )
    sample = Evaluation.objects.get(unit=units[0], year=2026)
    LayerScore.objects.filter(evaluation=sample).delete()
    for layer in ("unit", "tpi", "tpn"):
        LayerScore.objects.create(evaluation=sample, layer=layer)
    fill(sample, "unit", 0.9)
    fill(sample, "tpi", 0.8)
    admin = get_user_model().objects.create_user("bench_admin", password="bench-Zona-2026")
    RoleAssignment.objects.create(user=admin, role=Role.SYSADMIN)
    return admin, instansi[0], units[0], sample


def timed(client, url: str, runs: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return statistics.median(times), min(times), queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    database("create")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse
        from django.utils import translation

        settings.ALLOWED_HOSTS = ["testserver"]
        start = time.perf_counter()
        admin, instansi, unit, sample = seed(args.units, random.Random(2026))
        print(f"seeded {args.units:,} units, {3 * args.units:,} evaluations "
              f"in {time.perf_counter() - start:.1f} s")  # fmt: skip
        translation.activate("id")
        client = Client()
        client.force_login(admin)
        pages = [
            ("national, all years", reverse("dashboards:national")),
            ("national, 2025", reverse("dashboards:national") + "?tahun=2025"),
            ("national, 2025 + kind + type", reverse("dashboards:national")
             + "?tahun=2025&jenis=kabupaten&tipe=1&wilayah=Bali"),
            (f"instansi ({args.units // 40} units)",
             reverse("dashboards:instansi", args=[instansi.pk])),
            ("instansi summary PDF: ask page",
             reverse("dashboards:instansi_pdf", args=[instansi.pk])),
            ("unit (3 years)", reverse("dashboards:unit", args=[unit.pk])),
            ("Laporan Hasil Evaluasi (HTML)", reverse("dashboards:report", args=[sample.pk])),
            ("Laporan Hasil Evaluasi (PDF)", reverse("dashboards:report_pdf", args=[sample.pk])),
        ]  # fmt: skip
        client.get(pages[0][1])  # warm: framework parsed, templates compiled
        print(f"{'page':38} {'median':>9} {'fastest':>9} {'queries':>8} {'size':>9}")
        for label, url in pages:
            median, fastest, queries, size = timed(client, url, args.runs)
            print(f"{label:38} {median * 1000:7.0f} ms {fastest * 1000:7.0f} ms "
                  f"{queries:8} {size / 1024:7.0f} kB")  # fmt: skip
        # The PDF itself is made on the queue (zona.jobs): time the job's work, off the request.
        from zona.dashboards.jobs import INSTANSI_SUMMARY
        from zona.dashboards.views import default_year
        from zona.jobs.kinds import kind_of
        from zona.jobs.models import Job

        params = {"instansi": instansi.pk, "year": default_year(instansi), "layer": "tpi"}
        job = Job(owner=admin, kind=INSTANSI_SUMMARY, params=params, language="id")
        times = []
        for _ in range(max(1, args.runs // 3)):
            start = time.perf_counter()
            outcome = kind_of(INSTANSI_SUMMARY).run(job, lambda done, total, step="": None)
            times.append(time.perf_counter() - start)
        print(f"{'instansi summary PDF (job, off request)':38} "
              f"{statistics.median(times) * 1000:7.0f} ms {min(times) * 1000:7.0f} ms "
              f"{'':8} {len(outcome.content) / 1024:7.0f} kB")  # fmt: skip
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            database("drop")
            print("dropped the benchmark database")


if __name__ == "__main__":
    main()
