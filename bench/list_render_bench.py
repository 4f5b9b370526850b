"""In-process timing of the evaluation list (50 of 2,000 rows) through Django's test client.

    .venv/bin/python bench/list_render_bench.py [--rounds 200] [--db /tmp/zona_list_bench.sqlite3]
    ZONA_ROOT=/path/to/other/checkout .venv/bin/python bench/list_render_bench.py   # the before

A quick comparison of two versions of the list's code on the same machine and data, not the
served benchmark (`web_bench.py`): SQLite, DEBUG off, the first run migrates a database file
and seeds it (one instansi, 2,000 units, each with an evaluation and its three stored layer
scores), later runs reuse it. Prints the median, lower quartile and p95 of a request's CPU
time (the process's own, so that other work on a shared machine counts less), as the
administrator (every layer shown) and as the instansi's TPI (a visibility condition per layer).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(os.environ.get("ZONA_ROOT") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(ROOT))


def seed(units: int) -> None:
    from io import StringIO

    from django.core.management import call_command

    from zona.accounts.models import Role, RoleAssignment
    from zona.evaluations.models import Evaluation, Layer, LayerScore, Stage
    from zona.frameworks.models import FrameworkVersion
    from zona.orgs.models import Echelon, Instansi, InstansiKind, UnitKerja, UnitType

    call_command("load_frameworks", stdout=StringIO())
    framework = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    kind = UnitType.objects.create(name="Biro")
    instansi = Instansi.objects.create(name="Kementerian Bench", kind=InstansiKind.LEMBAGA)
    made = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=instansi, name=f"Unit {i:04d}", echelon=Echelon.II, unit_type=kind)
        for i in range(units)
    )
    stages = list(Stage)
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(unit=u, year=2021, framework=framework, target="WBK",
                   stage=stages[i % len(stages)], tpi_released=i % 2 == 0)
        for i, u in enumerate(made)
    )  # fmt: skip
    LayerScore.objects.bulk_create(
        LayerScore(evaluation=e, layer=layer, total=Decimal(50 + (i * 7 + j) % 45),
                   answered=129, predicate="WBK" if i % 5 == 0 else "")
        for i, e in enumerate(evaluations)
        for j, layer in enumerate(Layer)
    )  # fmt: skip
    make = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    admin = make.objects.create_user("bench_admin", "a@example.test", "x")
    RoleAssignment.objects.create(user=admin, role=Role.SYSADMIN)
    tpi = make.objects.create_user("bench_tpi", "t@example.test", "x")
    RoleAssignment.objects.create(user=tpi, role=Role.TPI_EVALUATOR, instansi=instansi)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--db", default="/tmp/zona_list_bench.sqlite3")
    args = parser.parse_args()
    fresh = not Path(args.db).exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    if fresh:
        call_command("migrate", verbosity=0)
        seed(args.units)
    import zona

    print(f"code: {Path(zona.__file__).parent}")
    for username in ("bench_admin", "bench_tpi"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for _ in range(10):  # warm: templates compiled, frameworks parsed
            response = client.get("/evaluasi/")
            assert response.status_code == 200, response.status_code
        times = []  # CPU time of this process: on a shared machine, wall time is mostly waiting
        for _ in range(args.rounds):
            start = time.process_time()
            response = client.get("/evaluasi/")
            times.append((time.process_time() - start) * 1000)
        times.sort()
        q1 = times[len(times) // 4]
        p95 = times[int(len(times) * 0.95) - 1]
        print(
            f"{username:12} /evaluasi/ {len(response.content):7} bytes  median "
            f"{statistics.median(times):6.2f} ms  q1 {q1:6.2f} ms  p95 {p95:6.2f} ms"
        )


if __name__ == "__main__":
    main()
