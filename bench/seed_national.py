"""Seed the national benchmark's database: 600 instansi, 20,000 units, one 2021 evaluation each
answered in three layers (unit, TPI, TPN) and scored, with their stage history, predicates
awarded, surveys with responses and audit findings.

    .venv/bin/python bench/seed_national.py [--reset | --drop] [--units 20000] [--instansi 600]

Creates the PostgreSQL database `zona_bench_national` on postgres://postgres@127.0.0.1:5432
(another URL: ZONA_BENCH_NATIONAL_DATABASE_URL) when missing, migrates it and fills it in bulk,
as `seed_bench.py` does: `bulk_create` for the rows counted in thousands, PostgreSQL's COPY for
the answers (~7.7 million rows) and the survey responses. Refuses a seeded database unless
`--reset` (drop and recreate); `--drop` only drops it (to free its ~3 GB).

The data set is 2021 after the national round: every evaluation was proposed (a TPN evaluator
sees all 20,000), in a mix of stages — proposed 8 %, TPN desk 12 %, TPN field 15 %, decided
45 %, closed 20 % — each with its stage history from the draft on. The first instansi,
"Kementerian Nasional Bench", has 1,000 units (the instansi dashboard of 1,000 units); the
other 599 share 19,000 (20 to 45 each), in 34 provinces and the kinds of instansi. Units rate
themselves well, the TPI moves some answers one option worse, the TPN a few more; the answer
sets are drawn from a pool of `--pool` distinct ones (each scored once by `score_normalised`,
as `actions.recompute_score` stores it; a sample is re-scored through the action at the end).
Decided and closed evaluations whose TPN layer meets a predicate were awarded it; 2018–2020
awards (some revoked) give the accumulated figures a history. 40 % of units ran an IPAK and an
IKM survey in 2021 (15–30 responses each); a quarter have audit findings with recommendations.

Logins (password `bench-Zona-2026`): `bench_admin` (system administrator), `bench_tpn` (TPN
evaluator), `bench_coord` (coordinator of the 1,000-unit instansi), `bench_tpi` (its TPI).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent)]
NATIONAL_URL = os.environ.get(
    "ZONA_BENCH_NATIONAL_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/zona_bench_national",
)
os.environ["ZONA_BENCH_DATABASE_URL"] = NATIONAL_URL  # bench_settings reads it
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"

from seed_bench import ensure_database, reviewed, unit_answers  # noqa: E402

YEAR = 2021
PASSWORD = "bench-Zona-2026"
BIG_INSTANSI = "Kementerian Nasional Bench"
BIG_UNITS = 1000
USERS = ("bench_admin", "bench_tpn", "bench_coord", "bench_tpi")
STAGE_MIX = (("proposed", 0.08), ("tpn_desk", 0.12), ("tpn_field", 0.15), ("decided", 0.45),
             ("closed", 0.20))  # fmt: skip
HISTORY = ("draft", "submitted", "tpi_review", "tpi_final", "proposed", "tpn_desk", "tpn_field",
           "decided", "closed")  # fmt: skip
PROVINCES = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Bengkulu",
    "Lampung", "Kepulauan Bangka Belitung", "Kepulauan Riau", "DKI Jakarta", "Jawa Barat",
    "Jawa Tengah", "DI Yogyakarta", "Jawa Timur", "Banten", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan",
    "Kalimantan Timur", "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah",
    "Sulawesi Selatan", "Sulawesi Tenggara", "Gorontalo", "Sulawesi Barat", "Maluku",
    "Maluku Utara", "Papua", "Papua Barat",
)  # fmt: skip
UNIT_TYPES = ("Kantor Pelayanan", "Rumah Sakit", "Puskesmas", "Kantor Wilayah", "Satuan Kerja",
              "Pengadilan", "Kantor Imigrasi", "Lembaga Pemasyarakatan")  # fmt: skip


def layer_score(framework, evaluation_id: int, layer: str, answers: dict[str, str], now):
    """The LayerScore row `actions.recompute_score` stores for these answers (with the
    conditions and what cannot be computed, which the dashboards read)."""
    from zona.evaluations.models import LayerScore, stored_conditions, stored_to_normalised
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
        conditions=stored_conditions(result),
        not_computable=result.not_computable,
        updated_at=now,
    )


def seed(units_count: int, instansi_count: int, pool_size: int, seed_value: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from zona.accounts.models import Role, RoleAssignment
    from zona.evaluations import actions
    from zona.evaluations.models import Evaluation, Layer, LayerScore, StageChange
    from zona.findings.models import Finding, Recommendation, Source, Status
    from zona.frameworks.models import FrameworkVersion
    from zona.orgs.models import (
        Echelon,
        Instansi,
        InstansiKind,
        Predicate,
        PredicateAward,
        UnitKerja,
        UnitType,
    )
    from zona.surveys.actions import load_instrument
    from zona.surveys.demo import _latest, _sheet
    from zona.surveys.instruments import shipped_files
    from zona.surveys.models import Survey

    clock = time.perf_counter
    timings: list[tuple[str, float]] = []
    started = t0 = clock()

    def lap(what: str) -> None:
        nonlocal t0
        timings.append((what, clock() - t0))
        print(f"  {what:<44} {clock() - t0:6.1f} s")
        t0 = clock()

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    for path in shipped_files():
        load_instrument(None, path.read_text(encoding="utf-8"))
    lap("migrate + frameworks + survey instruments")
    if Instansi.objects.filter(name=BIG_INSTANSI).exists():
        sys.exit("already seeded; run again with --reset to start over")

    version = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    framework = version.framework()
    rng = random.Random(seed_value)
    now = timezone.now()
    with transaction.atomic():
        kinds = [k for k, _label in InstansiKind.choices]
        instansi = Instansi.objects.bulk_create(
            Instansi(
                name=BIG_INSTANSI if i == 0 else f"Instansi Bench {i:03d}",
                short_name="KemNas" if i == 0 else f"IB{i:03d}",
                kind=InstansiKind.KEMENTERIAN if i == 0 else kinds[i % len(kinds)],
                region=PROVINCES[i % len(PROVINCES)],
            )
            for i in range(instansi_count)
        )
        types = [UnitType.objects.get_or_create(name=name)[0] for name in UNIT_TYPES]
        # the first instansi has 1,000 units; the others share the rest, 20 to 45 each
        owners = [instansi[0]] * min(BIG_UNITS, units_count)
        others = instansi[1:]
        while len(owners) < units_count:
            owners.append(others[(len(owners) - BIG_UNITS) % len(others)])
        echelons = [Echelon.II, Echelon.III, Echelon.III, Echelon.IV]
        units = UnitKerja.objects.bulk_create(
            (
                UnitKerja(
                    instansi=owner,
                    name=f"{types[i % len(types)].name} {owner.short_name} {i:05d}",
                    echelon=echelons[i % len(echelons)],
                    unit_type=types[i % len(types)],
                )
                for i, owner in enumerate(owners)
            ),
            batch_size=5000,
        )
        stages = rng.choices([s for s, _w in STAGE_MIX], [w for _s, w in STAGE_MIX], k=len(units))
        evaluations = Evaluation.objects.bulk_create(
            (
                Evaluation(
                    unit=u,
                    year=YEAR,
                    framework=version,
                    target=Predicate.WBBM if rng.random() < 0.12 else Predicate.WBK,
                    stage=stage,
                    tpi_released=True,
                    created_at=now,
                    stage_changed_at=now,
                )
                for u, stage in zip(units, stages, strict=True)
            ),
            batch_size=5000,
        )
        hashed = make_password(PASSWORD)
        User = get_user_model()
        users = {
            u.username: u
            for u in User.objects.bulk_create(
                User(
                    username=name,
                    email=f"{name}@bench.test",
                    password=hashed,
                    first_name=name.removeprefix("bench_").upper(),
                    last_name="Bench",
                )
                for name in USERS
            )
        }
        big = instansi[0]
        RoleAssignment.objects.bulk_create(
            [
                RoleAssignment(user=users["bench_admin"], role=Role.SYSADMIN),
                RoleAssignment(user=users["bench_tpn"], role=Role.TPN_EVALUATOR),
                RoleAssignment(
                    user=users["bench_coord"], role=Role.INSTANSI_COORDINATOR, instansi=big
                ),
                RoleAssignment(user=users["bench_tpi"], role=Role.TPI_EVALUATOR, instansi=big),
            ]
        )
        lap(f"{len(instansi)} instansi, {len(units)} units + evaluations")

        history = []
        at0 = datetime.datetime(YEAR, 3, 1, tzinfo=datetime.UTC)
        for e in evaluations:
            steps = HISTORY[: HISTORY.index(e.stage) + 1]
            for n, (a, b) in enumerate(itertools.pairwise(steps)):
                history.append(
                    StageChange(evaluation=e, from_stage=a, to_stage=b,
                                at=at0 + datetime.timedelta(days=20 * n + rng.randint(0, 9)))
                )  # fmt: skip
        StageChange.objects.bulk_create(history, batch_size=10000)
        lap(f"{len(history)} stage changes")

        # A pool of answer sets (unit, TPI, TPN), each scored once.
        pool = []
        for _ in range(pool_size):
            unit = unit_answers(framework, rng)
            tpi = reviewed(framework, unit, rng, 0.15)
            tpn = reviewed(framework, tpi, rng, 0.1)
            layers = ((Layer.UNIT, unit), (Layer.TPI, tpi), (Layer.TPN, tpn))
            pool.append(
                [
                    (layer, list(answers.items()), layer_score(framework, 0, layer, answers, now))
                    for layer, answers in layers
                ]
            )
        lap(f"{pool_size} answer sets of three layers, scored")

        scores, rows, decided = [], 0, []
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY evaluations_answer (evaluation_id, question, layer, value, note, version, "
                "updated_at) FROM STDIN"
            ) as copy,
        ):
            for e in evaluations:
                for layer, answers, score in rng.choice(pool):
                    for no, value in answers:
                        copy.write_row((e.pk, no, layer.value, value, "", 1, now))
                    rows += len(answers)
                    score.pk = None
                    copy_of = LayerScore(**{f.attname: getattr(score, f.attname)
                                            for f in LayerScore._meta.concrete_fields})  # fmt: skip
                    copy_of.evaluation_id = e.pk
                    scores.append(copy_of)
                if e.stage in ("decided", "closed"):
                    decided.append((e, scores[-1].predicate))
        lap(f"{rows} answers (COPY)")
        LayerScore.objects.bulk_create(scores, batch_size=2000)
        lap(f"{len(scores)} layer scores")

        awards = []
        for e, predicate in decided:
            if predicate:
                e.decided_predicate = predicate
                awards.append(PredicateAward(unit_id=e.unit_id, year=YEAR, predicate=predicate,
                                             decree_number=f"B/{e.pk}/M.PANRB/{YEAR}"))  # fmt: skip
        for u in rng.sample(units, len(units) // 10):  # earlier years' awards
            year = rng.choice((2018, 2019, 2020))
            revoked = rng.random() < 0.08
            awards.append(
                PredicateAward(
                    unit_id=u.pk, year=year, predicate=Predicate.WBK, revoked=revoked,
                    revoked_on=datetime.date(year + 1, 6, 1) if revoked else None,
                    revocation_reason="Pelanggaran integritas" if revoked else "",
                )
            )  # fmt: skip
        PredicateAward.objects.bulk_create(awards, batch_size=5000)
        Evaluation.objects.bulk_update(
            [e for e, p in decided if p], ["decided_predicate"], batch_size=5000
        )
        lap(f"{len(awards)} predicate awards")

        instruments = [_latest("spak"), _latest("spkp")]
        surveyed = rng.sample(units, int(len(units) * 0.4))
        surveys = Survey.objects.bulk_create(
            (
                Survey(
                    unit=u, instrument=instrument, year=YEAR, quarter=None,
                    code=f"N{k:05d}{j}", opens_on=datetime.date(YEAR, 1, 4),
                    closes_on=datetime.date(YEAR, 12, 20), services="Layanan utama",
                )
                for k, u in enumerate(surveyed)
                for j, instrument in enumerate(instruments)
            ),
            batch_size=5000,
        )  # fmt: skip
        responses = 0
        sheets = {
            i.pk: [_sheet(rng, i, rng.uniform(2.9, 3.8), ["Layanan utama"]) for _ in range(300)]
            for i in instruments
        }
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY surveys_response (survey_id, submitted_on, channel, answers, profile, "
                "suggestion) FROM STDIN"
            ) as copy,
        ):
            for s in surveys:
                for _ in range(rng.randint(15, 30)):
                    answers, profile, suggestion = rng.choice(sheets[s.instrument_id])
                    day = datetime.date(YEAR, 1, 4) + datetime.timedelta(rng.randint(0, 340))
                    copy.write_row(
                        (s.pk, day, "online", json.dumps(answers), json.dumps(profile), suggestion)
                    )
                    responses += 1
        lap(f"{len(surveys)} surveys, {responses} responses (COPY)")

        findings = []
        for u in rng.sample(units, len(units) // 4):
            for n in range(rng.randint(1, 3)):
                findings.append(
                    Finding(
                        unit=u, source=rng.choice([Source.BPK, Source.BPKP, Source.INSPEKTORAT]),
                        report_number=f"LHP-{u.pk}-{n}/{YEAR}",
                        report_date=datetime.date(YEAR, rng.randint(1, 11), rng.randint(1, 28)),
                        title="Pengelolaan barang milik negara belum tertib",
                    )
                )  # fmt: skip
        findings = Finding.objects.bulk_create(findings, batch_size=5000)
        statuses = [Status.SESUAI, Status.SESUAI, Status.BELUM_SESUAI, Status.BELUM]
        Recommendation.objects.bulk_create(
            (
                Recommendation(
                    finding=f, text="Menertibkan pencatatan aset sesuai ketentuan.",
                    deadline=f.report_date + datetime.timedelta(days=60),
                    status=rng.choice(statuses),
                )
                for f in findings
                for _ in range(rng.randint(1, 2))
            ),
            batch_size=5000,
        )  # fmt: skip
        lap(f"{len(findings)} findings with recommendations")
    lap("commit (deferred foreign key checks)")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # the visibility map too: index-only scans
    lap("VACUUM ANALYZE")
    total = clock() - started

    for evaluation in Evaluation.objects.filter(pk__in=[e.pk for e in evaluations[:3]]):
        for layer in Layer:
            stored = LayerScore.objects.get(evaluation=evaluation, layer=layer)
            fresh = actions.recompute_score(evaluation, layer)
            assert (stored.total, stored.predicate) == (
                Decimal(repr(fresh.total)).quantize(Decimal("0.0001")),
                fresh.predicate.code if fresh.predicate else "",
            ), (evaluation.pk, layer)
    print(
        f"seeded in {total:.1f} s: {len(instansi)} instansi, {len(units)} units and "
        f"evaluations, {rows} answers, {len(scores)} layer scores (sample re-scored: identical)"
    )
    print(f"logins: {', '.join(USERS)} / {PASSWORD}")


def drop(url: str) -> None:
    import dj_database_url
    import psycopg
    from psycopg import sql

    db = dj_database_url.parse(url)
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"] or "postgres",
        dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(db["NAME"])))  # fmt: skip
    print(f"dropped database {db['NAME']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reset", action="store_true", help="drop and recreate the database")
    parser.add_argument("--drop", action="store_true", help="only drop the database")
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--instansi", type=int, default=600)
    parser.add_argument("--pool", type=int, default=400, help="distinct answer sets")
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    if args.drop:
        drop(NATIONAL_URL)
        return
    ensure_database(NATIONAL_URL, args.reset)

    import django

    django.setup()
    seed(args.units, args.instansi, args.pool, args.seed)


if __name__ == "__main__":
    main()
