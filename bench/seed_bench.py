"""Seed the web benchmark's database: one instansi with 2,000 units, each with a complete 2021
evaluation (LKE 2021 framework; decided, except the first unit's draft) answered in all three
layers and scored.

    .venv/bin/python bench/seed_bench.py [--reset] [--units 2000] [--seed 2026]

Creates the PostgreSQL database `zona_bench` on postgres://postgres@127.0.0.1:5432 (trust
auth; another URL in ZONA_BENCH_DATABASE_URL) when it is missing, migrates it, loads the shipped
frameworks and fills it in bulk: units and evaluations with `bulk_create`, the answers (~770,000
rows) with PostgreSQL's COPY, and each layer's `LayerScore` from `zona.lke.score_normalised`,
the same computation `actions.recompute_score` stores (checked on a sample at the end).
Refuses a database that is already seeded unless `--reset` (drop and recreate) is given.

Logins (password `bench-Zona-2026`): `bench_admin` (system administrator), `bench_tpi` (TPI
evaluator of the instansi), `bench_unit` (team member of the first unit, whose evaluation is
still a draft: the LKE page as the unit team fills it in).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent)]
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"

YEAR = 2021
PASSWORD = "bench-Zona-2026"
INSTANSI_NAME = "Kementerian Bench"
USERS = ("bench_admin", "bench_tpi", "bench_unit")


# --- the database ----------------------------------------------------------------------------
def ensure_database(url: str, reset: bool) -> None:
    """Create the benchmark database if missing (drop it first with reset)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    name = db["NAME"]
    params = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or "postgres",
        "password": db["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


# --- plausible answers -----------------------------------------------------------------------
def unit_answers(framework, rng: random.Random) -> dict[str, str]:
    """A unit's self-assessment, as stored (normalised text): mostly good options, every
    question answered."""
    from zona.lke.model import CHOICE_OPTIONS

    out = {}
    for no, q in framework.questions.items():
        options = CHOICE_OPTIONS.get(q.type)
        if options:
            # Units rate themselves well: the best option most often, the worst rarely.
            weights = [0.75, 0.17, 0.05, 0.02, 0.01][: len(options)]
            out[no] = rng.choices(options, weights)[0]
        elif q.type == "count":
            out[no] = str(rng.randint(4, 40))
        elif q.type == "percent":
            out[no] = f"{rng.uniform(80, 100):.2f}"
        else:  # index_0_4
            out[no] = f"{rng.uniform(3.2, 4):.2f}"
    return out


def reviewed(framework, answers: dict[str, str], rng: random.Random, strict: float) -> dict:
    """An evaluator's layer: the answers below, some moved one option worse, numbers trimmed."""
    from zona.lke.model import CHOICE_OPTIONS

    out = {}
    for no, value in answers.items():
        q = framework.questions[no]
        options = CHOICE_OPTIONS.get(q.type)
        if options:
            i = options.index(value)
            out[no] = options[i + 1] if i + 1 < len(options) and rng.random() < strict else value
        elif q.type == "count":
            out[no] = str(max(0, int(value) - (rng.random() < strict)))
        else:  # percent, index: up to strict/2 lower
            factor = Decimal(1) - Decimal(rng.randint(0, int(strict * 500))) / 1000
            out[no] = f"{Decimal(value) * factor:.2f}"
    return out


def layer_score(framework, evaluation_id: int, layer: str, answers: dict[str, str], now):
    """The LayerScore row `actions.recompute_score` would store for these answers."""
    from zona.evaluations.models import LayerScore, stored_to_normalised
    from zona.lke import score_normalised

    result = score_normalised(
        framework, {k: stored_to_normalised(v) for k, v in answers.items()}, None
    )
    q4 = Decimal("0.0001")
    return LayerScore(
        evaluation_id=evaluation_id,
        layer=layer,
        total=Decimal(repr(result.total)).quantize(q4),
        pengungkit=Decimal(repr(result.pengungkit)).quantize(q4),
        hasil=Decimal(repr(result.hasil)).quantize(q4),
        predicate=result.predicate.code if result.predicate else "",
        answered=result.answered_count,
        areas={a.code: round(a.value, 6) for a in result.areas},
        updated_at=now,
    )


# --- seeding ---------------------------------------------------------------------------------
def seed(units_count: int, seed_value: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from zona.accounts.models import Role, RoleAssignment
    from zona.evaluations import actions
    from zona.evaluations.models import Evaluation, Layer, LayerScore, Stage
    from zona.frameworks.models import FrameworkVersion
    from zona.orgs.models import Echelon, Instansi, InstansiKind, UnitKerja, UnitType

    clock = time.perf_counter
    started = clock()
    call_command("migrate", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    print(f"  migrate + load_frameworks      {clock() - started:6.1f} s")
    if Instansi.objects.filter(name=INSTANSI_NAME).exists():
        sys.exit("already seeded; run again with --reset to start over")

    version = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    framework = version.framework()
    rng = random.Random(seed_value)
    now = timezone.now()
    t0 = clock()
    with transaction.atomic():
        instansi = Instansi.objects.create(
            name=INSTANSI_NAME, short_name="KemBench", kind=InstansiKind.KEMENTERIAN
        )
        kind, _created = UnitType.objects.get_or_create(name="Kantor Pelayanan")
        units = UnitKerja.objects.bulk_create(
            UnitKerja(
                instansi=instansi,
                name=f"Kantor Pelayanan {i:04d}",
                echelon=Echelon.III,
                unit_type=kind,
            )
            for i in range(1, units_count + 1)
        )
        evaluations = Evaluation.objects.bulk_create(
            Evaluation(
                unit=u,
                year=YEAR,
                framework=version,
                target="WBK",
                # The first unit's evaluation is still its draft: the LKE page as the unit
                # team fills it (forms in every block); the others are decided.
                stage=Stage.DRAFT if i == 0 else Stage.DECIDED,
                tpi_released=i != 0,
                created_at=now,
                stage_changed_at=now,
            )
            for i, u in enumerate(units)
        )
        hashed = make_password(PASSWORD)  # once: the hash is deliberately slow
        users = {
            u.username: u
            for u in get_user_model().objects.bulk_create(
                get_user_model()(username=name, email=f"{name}@bench.test", password=hashed)
                for name in USERS
            )
        }
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=users["bench_admin"], role=Role.SYSADMIN),
                RoleAssignment(user=users["bench_tpi"], role=Role.TPI_EVALUATOR, instansi=instansi),
                RoleAssignment(user=users["bench_unit"], role=Role.UNIT_MEMBER, unit=units[0]),
            ]
        )
        print(f"  {units_count} units + evaluations + users {clock() - t0:6.1f} s")

        t0 = clock()
        scores, decided, rows = [], {}, 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY evaluations_answer (evaluation_id, question, layer, value, note, version, "
                "updated_at) FROM STDIN"
            ) as copy,
        ):
            for evaluation in evaluations:
                unit = unit_answers(framework, rng)
                tpi = reviewed(framework, unit, rng, 0.15)
                tpn = reviewed(framework, tpi, rng, 0.1)
                for layer, answers in ((Layer.UNIT, unit), (Layer.TPI, tpi), (Layer.TPN, tpn)):
                    for no, value in answers.items():
                        copy.write_row((evaluation.pk, no, layer.value, value, "", 1, now))
                    rows += len(answers)
                    scores.append(layer_score(framework, evaluation.pk, layer, answers, now))
                decided[evaluation.pk] = scores[-1].predicate
        print(f"  {rows} answers (COPY) + scoring  {clock() - t0:6.1f} s")

        t0 = clock()
        LayerScore.objects.bulk_create(scores, batch_size=2000)
        Evaluation.objects.filter(
            pk__in=[pk for pk, p in decided.items() if p], stage=Stage.DECIDED
        ).update(decided_predicate="WBK")
        print(f"  {len(scores)} layer scores             {clock() - t0:6.1f} s")
        t0 = clock()
    print(f"  commit (deferred FK checks)    {clock() - t0:6.1f} s")

    t0 = clock()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  ANALYZE                        {clock() - t0:6.1f} s")
    total = clock() - started

    # The bulk path must store what the product's own path stores.
    for evaluation in Evaluation.objects.filter(pk__in=[e.pk for e in evaluations[:3]]):
        for layer in Layer:
            stored = LayerScore.objects.get(evaluation=evaluation, layer=layer)
            fresh = actions.recompute_score(evaluation, layer)
            assert (stored.total, stored.predicate) == (
                Decimal(repr(fresh.total)).quantize(Decimal("0.0001")),
                fresh.predicate.code if fresh.predicate else "",
            ), (evaluation.pk, layer)
    share = sum(1 for p in decided.values() if p) / len(decided)
    print(
        f"seeded in {total:.1f} s: {units_count} evaluations, {rows} answers, "
        f"{len(scores)} layer scores; TPN predicate WBK for {share:.0%} (sample re-scored: "
        f"identical)"
    )
    print(f"logins: {', '.join(USERS)} / {PASSWORD}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    import bench_settings

    ensure_database(bench_settings.BENCH_DATABASE_URL, args.reset)

    import django

    django.setup()
    seed(args.units, args.seed)


if __name__ == "__main__":
    main()
