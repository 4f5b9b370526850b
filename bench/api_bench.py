"""API benchmark: reading an evaluation with its scores and writing an answer through
/api/v1/ under gunicorn on PostgreSQL, beside the floor of a minimal Django view on the same
server, at 16 concurrent clients.

    .venv/bin/python bench/api_bench.py [--units 2000] [--requests 2000] [--concurrency 16]
                                        [--keep]

Seeds its own database `zona_bench_api` (postgres://postgres@127.0.0.1:5432; another URL in
ZONA_BENCH_API_DATABASE_URL) with `seed_bench.seed` — 2,000 units with complete 2021 LKEs in
three layers — then prepares the API's callers: a personal token of the TPI evaluator (reads)
and of a unit team member of `--concurrency` units whose evaluations are put back in draft
(each writing client answers in its own unit's LKE, as unit teams do). gunicorn and the load
generator are `web_bench`'s (`Server`, `Run`); the database is dropped at the end unless
`--keep`.

Phases (each after a warm-up, bounded in requests and seconds):
  floor        GET /bench/floor/                         (HttpResponse(b"ok"), full middleware)
  read         GET /api/v1/evaluations/<pk>              (detail: layers, moves, scores, history)
  list         GET /api/v1/evaluations?limit=50          (2,000 visible, one page)
  write        PUT /api/v1/evaluations/<pk>/answers/<no> (save_answer: lock, history, re-score)
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import signal
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT)]

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/zona_bench_api"
# bench_settings reads ZONA_BENCH_DATABASE_URL when it is imported: point it at this database.
os.environ["ZONA_BENCH_DATABASE_URL"] = os.environ.get("ZONA_BENCH_API_DATABASE_URL", DEFAULT_URL)

import seed_bench  # noqa: E402  (after the URL is set; it selects bench_settings)
import web_bench  # noqa: E402

HOST = web_bench.HOST
WRITER = "bench_api_writer"
LIST = "/api/v1/evaluations?limit=50"


# --- preparing the callers -------------------------------------------------------------------
def prepare(concurrency: int) -> dict:
    """Tokens for the reader (TPI evaluator) and the writer (unit member of the first units,
    whose evaluations go back to draft), and the paths to load."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from zona.accounts.models import Role, RoleAssignment
    from zona.api.actions import create_token
    from zona.evaluations.models import Evaluation, Stage

    evaluations = list(
        Evaluation.objects.filter(year=seed_bench.YEAR).order_by("pk").select_related("framework")
    )
    writer = get_user_model().objects.create_user(WRITER, f"{WRITER}@bench.test")
    mine = evaluations[:concurrency]
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=writer, role=Role.UNIT_MEMBER, unit_id=e.unit_id) for e in mine
    )
    Evaluation.objects.filter(pk__in=[e.pk for e in mine]).update(stage=Stage.DRAFT)
    expires = timezone.now() + timedelta(days=1)
    reader = get_user_model().objects.get(username="bench_tpi")
    framework = mine[0].framework.framework()
    choices = [q.no for q in framework.questions.values() if q.type in ("abc", "abcd", "abcde")]
    return {
        "read_token": create_token(reader, "bench read", expires)[1],
        "write_token": create_token(writer, "bench write", expires)[1],
        "detail": f"/api/v1/evaluations/{evaluations[len(evaluations) // 2].pk}",
        "mine": [e.pk for e in mine],
        "questions": choices,
        "options": {q: framework.questions[q].options for q in choices},
    }


# --- load ------------------------------------------------------------------------------------
class Reader:
    """GETs of one path with a token."""

    def __init__(self, path: str, token: str | None):
        self.path = path
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, step: int) -> tuple[str, str, str | None, dict]:
        return "GET", self.path, None, self.headers

    def done(self, step: int, status: int, payload: bytes) -> None:
        pass


class Writer:
    """PUTs of answers in one evaluation: walks the choice questions and changes each answer
    (a real write every time), sending back the version the previous response gave."""

    def __init__(self, evaluation: int, setup: dict):
        self.evaluation, self.setup = evaluation, setup
        self.versions = dict.fromkeys(setup["questions"], 1)  # seed_bench writes version 1
        self.headers = {
            "Authorization": f"Bearer {setup['write_token']}",
            "Content-Type": "application/json",
        }

    def _question(self, step: int) -> str:
        return self.setup["questions"][step % len(self.setup["questions"])]

    def request(self, step: int) -> tuple[str, str, str | None, dict]:
        no = self._question(step)
        options = self.setup["options"][no]
        body = json.dumps(
            {"value": options[step % len(options)], "note": f"langkah {step}",
             "version": self.versions[no]}
        )  # fmt: skip
        return "PUT", f"/api/v1/evaluations/{self.evaluation}/answers/{no}", body, self.headers

    def done(self, step: int, status: int, payload: bytes) -> None:
        if status == 200:
            self.versions[self._question(step)] = json.loads(payload)["version"]


def load(port: int, callers: list, requests: int, limit: float) -> web_bench.Run:
    """`requests` requests from one thread per caller, each with its own keep-alive connection;
    stops at the count or after `limit` seconds (web_bench.hammer, with any method and body)."""
    run = web_bench.Run()
    tickets = itertools.count()  # next() is atomic under the GIL: one ticket per request
    start = threading.Barrier(len(callers) + 1)
    lock = threading.Lock()

    def client(caller) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine, errors, statuses, size = [], 0, set(), 0
        clock = time.perf_counter_ns
        start.wait()
        deadline = clock() + int(limit * 1e9)
        for step in itertools.count():
            if next(tickets) >= requests or clock() >= deadline:
                break
            method, path, body, headers = caller.request(step)
            t0 = clock()
            try:
                conn.request(method, path, body, headers)
                response = conn.getresponse()
                payload = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()  # reconnects on the next request
                status, payload = 0, b""
            mine.append(clock() - t0)
            statuses.add(status)
            caller.done(step, status, payload)
            if status != 200:
                errors += 1
            size = len(payload) or size
        conn.close()
        with lock:
            run.latencies_ns.extend(mine)
            run.errors += errors
            run.size = max(run.size, size)
            run.statuses |= statuses

    threads = [threading.Thread(target=client, args=(c,), daemon=True) for c in callers]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join(limit + 60)
    run.seconds = time.perf_counter() - began
    return run


def measure(args, setup: dict) -> dict:
    warm = max(args.concurrency * 8, 100)
    n = args.concurrency
    phases = [
        ("floor", web_bench.FLOOR, lambda: [Reader(web_bench.FLOOR, None) for _ in range(n)]),
        ("read", setup["detail"],
         lambda: [Reader(setup["detail"], setup["read_token"]) for _ in range(n)]),
        ("list", LIST,
         lambda: [Reader(LIST, setup["read_token"]) for _ in range(n)]),
        ("write PUT", "/api/v1/evaluations/<own>/answers/<no>",
         lambda: [Writer(setup["mine"][i % len(setup["mine"])], setup) for i in range(n)]),
    ]  # fmt: skip
    results = {}
    config = web_bench.Config(args.worker_class, args.workers, 1)
    with web_bench.Server(config) as server:
        for label, path, make in phases:
            callers = make()  # kept through the phase: writers carry their answers' versions
            probe = load(server.port, callers[:1], 1, args.time_limit)
            if probe.errors:
                raise SystemExit(f"{label} {path}: HTTP {sorted(probe.statuses)}")
            load(server.port, callers, warm, args.time_limit)
            results[label] = (path, load(server.port, callers, args.requests, args.time_limit))
    return results


def service_times(setup: dict, n: int = 100) -> None:
    """The same requests in this process through Django's test client: no network, no
    concurrency, so the time the API itself takes (and its query count), apart from the
    machine's load."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from zona.evaluations.models import Answer

    client = Client(HTTP_HOST=HOST)
    writer = Writer(setup["mine"][0], setup)
    # The load phase moved these answers on: start from the versions they have now.
    writer.versions.update(
        Answer.objects.filter(evaluation_id=writer.evaluation, layer="unit").values_list(
            "question", "version"
        )
    )
    cases = [
        ("read", lambda step: Reader(setup["detail"], setup["read_token"]).request(step)),
        ("list", lambda step: Reader(LIST, setup["read_token"]).request(step)),
        ("write PUT", writer.request),
    ]
    print(f"  in-process service time (Django test client, {n} requests each, one at a time):")
    for label, make in cases:
        times, queries = [], 0
        for step in range(n):
            method, path, body, headers = make(step)
            extra = {"content_type": "application/json"} if body else {}
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter_ns()
                response = getattr(client, method.lower())(path, body, headers=headers, **extra)
                times.append(time.perf_counter_ns() - t0)
            if label == "write PUT":
                writer.done(step, response.status_code, response.content)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code} {response.content[:200]!r}")
            queries = len(captured.captured_queries)
        times.sort()
        print(
            f"    {label:<10} median {times[n // 2] / 1e6:6.1f} ms  p95 "
            f"{times[int(n * 0.95)] / 1e6:6.1f} ms  {queries} queries"
        )


def drop_database(url: str) -> None:
    import dj_database_url
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    db = dj_database_url.parse(url)
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"] or "postgres",
        password=db["PASSWORD"] or None, dbname="postgres", autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db["NAME"]))
        )


def main() -> None:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000, help="units seeded (one LKE each)")
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per phase")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--workers", type=int, default=2 * cores + 1)
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per phase")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    import bench_settings
    import gunicorn

    url = bench_settings.BENCH_DATABASE_URL
    print(f"seeding {bench_settings.DATABASES['default']['NAME']} ({args.units} units)")
    seed_bench.ensure_database(url, reset=True)
    import django

    django.setup()
    try:
        seed_bench.seed(args.units, 2026)
        setup = prepare(args.concurrency)
        print(
            f"\nZona API benchmark: gunicorn {gunicorn.__version__} ({args.worker_class}, "
            f"{args.workers} workers) on {HOST}, PostgreSQL, {cores} cores shared by server, "
            f"database and client; {args.concurrency} concurrent clients, {args.requests} "
            f"requests per phase after a warm-up; token authentication"
        )
        started, load = time.perf_counter(), os.getloadavg()[0]
        web_bench.report(measure(args, setup), [])
        service_times(setup)
        print(
            f"  ({time.perf_counter() - started:.0f} s; 1-min load average {load:.1f} at the start)"
        )
    finally:
        if args.keep:
            print(f"kept the database: {url}")
        else:
            drop_database(url)
            print(f"dropped the database {bench_settings.DATABASES['default']['NAME']}")


if __name__ == "__main__":
    main()
