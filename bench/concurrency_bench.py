"""Concurrent saves into ONE evaluation layer: 16 clients PUT answers on different questions of
the same unit LKE through the API under gunicorn + PostgreSQL for 60 s, then the stored score of
every layer is checked against a fresh re-score (issue 14, item 2: the per-layer lock).

    .venv/bin/python bench/concurrency_bench.py [--seconds 60] [--concurrency 16] [--port 18437]

Seeds its own database `zona_bench_harden` (postgres://postgres@127.0.0.1:5432; another URL in
ZONA_BENCH_API_DATABASE_URL) with 20 units (`seed_bench.seed`), serves on 127.0.0.1:<port>,
stops by itself after `--seconds` and drops the database unless `--keep`. Each client walks its
own share of the choice questions, sending the version the previous answer gave; a 409 is a
stale refusal (another client never writes the same question, so there should be none).
Prints saves/s, errors, stale refusals, latencies and the invariant check; exits 1 when the
stored score differs from a fresh re-score.
"""

from __future__ import annotations

import argparse
import collections
import os
import signal
import sys
import threading
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR), str(BENCH_DIR.parent)]
os.environ.setdefault(
    "ZONA_BENCH_API_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zona_bench_harden"
)

import api_bench  # noqa: E402  (sets the bench database URL from the variable above)
import seed_bench  # noqa: E402
import web_bench  # noqa: E402


class CountingWriter(api_bench.Writer):
    """api_bench's Writer on its own questions, counting the statuses it gets."""

    statuses: collections.Counter = collections.Counter()
    lock = threading.Lock()

    def done(self, step: int, status: int, payload: bytes) -> None:
        super().done(step, status, payload)
        with self.lock:
            self.statuses[status] += 1


def check_invariant(evaluation_id: int) -> list[tuple[str, str, str]]:
    from zona.evaluations import actions
    from zona.evaluations.models import Evaluation, LayerScore

    evaluation = Evaluation.objects.select_related("framework").get(pk=evaluation_id)
    rows = []
    for score in LayerScore.objects.filter(evaluation=evaluation).order_by("layer"):
        result = actions.score_normalised(
            evaluation.framework.framework(),
            actions.layer_answers(evaluation, score.layer),
            evaluation.previous_predicate or None,
        )
        rows.append((score.layer, str(score.total), str(actions._decimal(result.total))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--port", type=int, default=18437)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))
    web_bench.free_port = lambda: args.port  # our own port, 18xxx

    import bench_settings

    url = bench_settings.BENCH_DATABASE_URL
    seed_bench.ensure_database(url, reset=True)
    import django

    django.setup()
    try:
        seed_bench.seed(20, 2026)
        setup = api_bench.prepare(1)  # one evaluation in draft, one writer token
        evaluation = setup["mine"][0]
        questions = setup["questions"]
        writers = []
        for i in range(args.concurrency):
            own = {**setup, "questions": questions[i :: args.concurrency]}
            if own["questions"]:
                writers.append(CountingWriter(evaluation, own))
        config = web_bench.Config("sync", args.workers, 1)
        with web_bench.Server(config) as server:
            run = api_bench.load(server.port, writers, 10**9, args.seconds)
        statuses = CountingWriter.statuses
        saves = statuses[200]
        print(
            f"\n{len(writers)} clients saving answers in one evaluation layer for "
            f"{run.seconds:.1f} s (gunicorn sync, {args.workers} workers, 127.0.0.1:{args.port}, "
            f"PostgreSQL, {os.cpu_count()} cores shared)"
        )
        print(f"  saves          {saves}  ({saves / run.seconds:.1f}/s)")
        print(f"  stale refusals {statuses[409]}")
        others = {s: n for s, n in statuses.items() if s not in (200, 409)}
        print(f"  errors         {sum(others.values())}  {dict(others) or ''}")
        lat = sorted(run.latencies_ns)
        if lat:
            print(
                f"  latency        median {lat[len(lat) // 2] / 1e6:.1f} ms  "
                f"p95 {lat[int(len(lat) * 0.95)] / 1e6:.1f} ms"
            )
        rows = check_invariant(evaluation)
        bad = [r for r in rows if r[1] != r[2]]
        for layer, stored, fresh in rows:
            print(f"  layer {layer:<5} stored {stored}  fresh re-score {fresh}")
        print("  invariant      " + ("HOLDS" if not bad else f"BROKEN in {len(bad)} layer(s)"))
        if bad:
            raise SystemExit(1)
    finally:
        if not args.keep:
            api_bench.drop_database(url)


if __name__ == "__main__":
    main()
