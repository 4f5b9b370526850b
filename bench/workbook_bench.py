"""Time the LKE workbook: export of a fully answered evaluation, the check of an uploaded
workbook, and the import of every answer into a fresh evaluation (127 + 2 save_answer calls).

    .venv/bin/python bench/workbook_bench.py [--rounds 5]

Runs on a throw-away SQLite database in a temporary folder (migrated, frameworks loaded), so it
needs no server. Prints the median and the slowest round of each step, per framework.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", stdout=StringIO())


def world():
    from django.contrib.auth import get_user_model

    from zona.accounts.models import Role, RoleAssignment
    from zona.orgs.models import Echelon, Instansi, InstansiKind, UnitKerja, UnitType

    kind = UnitType.objects.create(name="Biro")
    instansi = Instansi.objects.create(name="Kementerian Bench", kind=InstansiKind.KEMENTERIAN)
    unit = UnitKerja.objects.create(
        instansi=instansi, name="Biro Bench", echelon=Echelon.II, unit_type=kind
    )
    user = get_user_model().objects.create_user("bench_unit", "bench@example.test", "x")
    RoleAssignment.objects.create(user=user, role=Role.UNIT_LEAD, unit=unit)
    return unit, user


def fill(user, evaluation, seed: int) -> None:
    import random
    from decimal import Decimal

    from zona.evaluations.actions import save_answer

    rng = random.Random(seed)
    for no, q in evaluation.framework.framework().questions.items():
        if q.options:
            raw = rng.choice(q.options)
        elif q.type == "count":
            raw = rng.randint(0, 50)
        else:
            raw = Decimal(rng.randint(0, 400)) / 100
        save_answer(user, evaluation, no, "unit", raw, f"Catatan {no}", 0)


def timed(fn, rounds: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def line(label: str, times: list[float]) -> str:
    return (
        f"  {label:<44} median {statistics.median(times) * 1000:8.1f} ms"
        f"   slowest {max(times) * 1000:8.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        from django.db import transaction

        from zona.evaluations.actions import create_evaluation
        from zona.frameworks.models import FrameworkVersion
        from zona.workbook.actions import import_workbook
        from zona.workbook.official import build_official_workbook as build_workbook
        from zona.workbook.reader import read_workbook

        unit, user = world()
        for year, version in enumerate(FrameworkVersion.objects.order_by("code"), start=2020):
            source = create_evaluation(user, unit, year, "WBK", framework=version)
            fill(user, source, seed=year)
            questions = len(version.framework().questions)
            print(f"{version} ({questions} questions), {args.rounds} rounds")
            export_times, data = timed(
                lambda s=source: build_workbook(user, s, lambda pk: f"https://x/{pk}"), args.rounds
            )
            print(line(f"export ({len(data) // 1024} KB)", export_times))
            fresh = create_evaluation(user, unit, year + 10, "WBK", framework=version)
            check = lambda f=fresh, d=data: read_workbook(d, f, "unit")  # noqa: E731
            check_times, plan = timed(check, args.rounds)
            print(line(f"check the upload ({len(plan.changes)} changes)", check_times))
            import_times = []
            for _ in range(args.rounds):
                with transaction.atomic():
                    start = time.perf_counter()
                    import_workbook(user, fresh, plan)
                    import_times.append(time.perf_counter() - start)
                    transaction.set_rollback(True)  # the next round imports the same plan again
            print(line(f"import {len(plan.changes)} answers (one transaction)", import_times))


if __name__ == "__main__":
    main()
