"""National benchmark: the dashboards and the evaluation list at the scale of the nation, and
re-scoring every evaluation after a framework correction on the queue with two Celery workers.

    .venv/bin/python bench/seed_national.py --reset     # once: 600 instansi, 20,000 units
    .venv/bin/python bench/national_bench.py [--requests 400] [--concurrency 16]
                                             [--before DIR] [--skip-rescore] [--skip-pages]
    make bench-national

Pages, under gunicorn (sync workers, 2 × cores + 1) on the `zona_bench_national` database, each
after a warm-up, from `--concurrency` client threads: the national dashboard as the TPN
evaluator sees it (every instansi), the instansi dashboard of the 1,000-unit instansi as its
coordinator sees it, and the evaluation list as the TPN evaluator sees it (20,000 rows): as
it opens, filtered (a stage; a stage and a part of a unit's name; an instansi), and sorted by
the TPN score and by unit. Per page: median, p95, requests per second, and the number of
database queries the page makes (counted in this process with Django's test client on the
same database).

`--before DIR`: another version of Zona (e.g. `git archive <commit> | tar -x -C DIR`) served
at the same time from DIR on the same database; each page is then measured in alternating
batches on both servers (before, after, before, …), so that both see the same load, and its
re-score is timed too (with its own workers, before this version's).

Re-score: the framework version's stored source is corrected (the WBK total threshold, 75 →
74.5, a correction that changes stored conditions and some predicates), two workers
(`celery -A zona worker --concurrency 1`, each its own process) are started against Redis
(database `--redis-db`, 12 by default, emptied first), the re-scoring job is asked for as the
administrator's button does (`zona.jobs.kinds.start`), and the time from asking to the job's
"done" is measured, with the job's progress sampled. The correction is then undone and
re-scored again (timed as well), which leaves the database as it was seeded.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT)]
NATIONAL_URL = os.environ.get(
    "ZONA_BENCH_NATIONAL_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/zona_bench_national",
)
os.environ["ZONA_BENCH_DATABASE_URL"] = NATIONAL_URL  # read by bench_settings (and the servers)
os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"

import web_bench  # noqa: E402
from web_bench import Config, Run, _die_with_parent, fetch, hammer, login  # noqa: E402

P95_TARGET_MS = 300.0
RESCORE_TARGET_S = 120.0
CORRECTION = ("{code: total, of: total, min: 75,", "{code: total, of: total, min: 74.5,")


class Server(web_bench.Server):
    """web_bench's gunicorn, optionally serving another checkout of Zona (`root`)."""

    def __init__(self, config: Config, root: Path = ROOT):
        super().__init__(config)
        self.root = root

    def __enter__(self):
        if self.root == ROOT:
            return super().__enter__()
        # The other checkout's code, with this checkout's bench settings and URLs.
        saved = web_bench.ROOT
        web_bench.ROOT = self.root
        try:
            return super().__enter__()
        finally:
            web_bench.ROOT = saved


def pages(big_instansi: int, some_instansi: int) -> list[tuple[str, str, str]]:
    return [
        ("national dashboard", "/dasbor/nasional/", "bench_tpn"),
        ("national dashboard, 2021", "/dasbor/nasional/?tahun=2021", "bench_tpn"),
        ("instansi dashboard, 1,000 units", f"/dasbor/instansi/{big_instansi}/", "bench_coord"),
        ("list, TPN (20,000)", "/evaluasi/", "bench_tpn"),
        ("list, TPN, stage decided", "/evaluasi/?stage=decided", "bench_tpn"),
        ("list, TPN, stage + unit name", "/evaluasi/?stage=decided&unit_name=Puskesmas",
         "bench_tpn"),
        ("list, TPN, one instansi", f"/evaluasi/?instansi={some_instansi}", "bench_tpn"),
        ("list, TPN, by TPN score", "/evaluasi/?sort=-tpn_total", "bench_tpn"),
        ("list, TPN, decided by TPN score", "/evaluasi/?stage=decided&sort=-tpn_total",
         "bench_tpn"),
        ("list, TPN, by unit", "/evaluasi/?sort=unit", "bench_tpn"),
    ]  # fmt: skip


def query_counts(paths: list[tuple[str, str, str]]) -> dict[str, int]:
    """Queries each page makes, counted in this process (Django's test client, same DB)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    clients: dict[str, Client] = {}
    for label, path, user in paths:
        if user not in clients:
            clients[user] = Client(HTTP_HOST="127.0.0.1")
            clients[user].force_login(get_user_model().objects.get(username=user))
        clients[user].get(path)  # caches warm, as on the server after its warm-up
        with CaptureQueriesContext(connection) as ctx:
            response = clients[user].get(path)
        counts[label] = len(ctx.captured_queries) if response.status_code == 200 else -1
    return counts


def measure_pages(args, servers: dict[str, Server], paths) -> dict[str, dict[str, Run]]:
    """Per page, per server: one Run of all its batches."""
    results: dict[str, dict[str, Run]] = {}
    cookies = {(name, user): None for name in servers for _l, _p, user in paths}
    for name, server in servers.items():
        for _label, _path, user in paths:
            if cookies[(name, user)] is None:
                cookies[(name, user)] = login(server.port, user)
    warm = max(args.concurrency * 4, 64)
    batches = max(1, args.requests // args.batch)
    for label, path, user in paths:
        results[label] = {}
        sides = {
            n: s
            for n, s in servers.items()
            if n == "after" or any(w in label for w in args.before_pages.split(","))
        }
        for name, server in sides.items():
            try:
                status, _b, _h = fetch(server.port, path, cookies[(name, user)])
            except OSError as error:
                status = f"no answer ({error})"
            if status != 200:
                print(f"  {label} {path}: HTTP {status} on {name}")
            hammer(server.port, path, cookies[(name, user)], warm, args.concurrency, 60)
            results[label][name] = Run()
        for _ in range(batches):
            for name, server in sides.items():
                run = hammer(
                    server.port, path, cookies[(name, user)], args.batch, args.concurrency,
                    args.time_limit,
                )  # fmt: skip
                total = results[label][name]
                total.latencies_ns += run.latencies_ns
                total.errors += run.errors
                total.seconds += run.seconds
                total.size = max(total.size, run.size)
                total.statuses |= run.statuses
        line = "  ".join(
            f"{name}: p50 {r.median_ms:6.1f} p95 {r.ms(0.95):6.1f} ms {r.per_second:6.1f}/s"
            f"{f' ERR {r.errors}' if r.errors else ''}"
            for name, r in results[label].items()
        )
        print(f"  {label:<34} {line}")
    return results


# --- re-scoring on two workers ---------------------------------------------------------------
class Workers:
    """Two Celery workers (one process each) of the checkout `root`, stopped on exit."""

    def __init__(self, root: Path, broker: str, count: int = 2):
        self.root, self.broker, self.count = root, broker, count
        self.procs: list[subprocess.Popen] = []
        self.log = tempfile.NamedTemporaryFile(prefix="zona-bench-celery-", suffix=".log")  # noqa: SIM115

    def __enter__(self) -> Workers:
        celery = Path(sys.executable).with_name("celery")
        env = {
            **os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": f"{BENCH_DIR}:{self.root}", "CELERY_BROKER_URL": self.broker,
            "CELERY_RESULT_BACKEND": self.broker, "CELERY_TASK_ALWAYS_EAGER": "0",
        }  # fmt: skip
        for i in range(self.count):
            self.procs.append(
                subprocess.Popen(
                    [
                        str(celery),
                        "-A",
                        "zona",
                        "worker",
                        "--concurrency",
                        "1",
                        "--pool",
                        "prefork",
                        "--loglevel",
                        "WARNING",
                        "-n",
                        f"bench{i}@%h",
                        "--without-gossip",
                        "--without-mingle",
                        "--without-heartbeat",
                    ],
                    env=env,
                    cwd=self.root,
                    stdout=self.log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=_die_with_parent,
                )
            )
        time.sleep(6)  # both ready (Django set up, connected to Redis)
        for p in self.procs:
            if p.poll() is not None:
                self.log.flush()
                raise SystemExit(
                    "worker did not start:\n" + Path(self.log.name).read_text()[-3000:]
                )
        return self

    def __exit__(self, *exc) -> None:
        for p in self.procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)
        self.log.close()


def set_source(version, source: str) -> None:
    import hashlib

    from zona.frameworks.models import FrameworkVersion

    FrameworkVersion.objects.filter(pk=version.pk).update(
        source=source, sha256=hashlib.sha256(source.encode()).hexdigest()
    )


def rescore_once(root: Path, broker: str, limit: float, label: str) -> float | None:
    """Ask for the re-score of lke-2021 as the administrator, on two fresh workers of `root`;
    seconds from asking to done (None when it did not finish within `limit`)."""
    import redis
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from zona.evaluations.rescoring import RESCORE, rescore_title
    from zona.frameworks.models import FrameworkVersion
    from zona.jobs import kinds
    from zona.jobs.models import Job

    redis.Redis.from_url(broker).flushdb()
    version = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    admin = get_user_model().objects.get(username="bench_admin")
    Job.objects.filter(kind=RESCORE).delete()  # not "the same work already queued"
    with Workers(root, broker):
        t0 = time.perf_counter()
        job = kinds.start(admin, RESCORE, {"version": version.pk}, rescore_title(version))
        samples = []
        while time.perf_counter() - t0 < limit:
            job.refresh_from_db()
            samples.append((time.perf_counter() - t0, job.done, job.total))
            if job.finished:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - t0
        job.refresh_from_db()
    progress = ", ".join(f"{t:.0f} s {d}/{n}" for t, d, n in samples[:: max(1, len(samples) // 6)])
    if job.status != "done":
        done = job.done
        rate = done / seconds if seconds else 0
        est = (job.total / rate) if rate else float("inf")
        print(f"  re-score {label}: NOT finished in {limit:.0f} s ({job.status}, {done}/"
              f"{job.total}: {rate:.0f} evaluations/s, the whole would take ~{est:.0f} s); "
              f"progress {progress}")  # fmt: skip
        Job.objects.filter(pk=job.pk).update(status="failed", finished_at=timezone.now())
        return None
    print(f"  re-score {label}: {seconds:.1f} s end to end — {job.summary} "
          f"(progress seen: {progress})")  # fmt: skip
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="measured requests per page")
    parser.add_argument("--batch", type=int, default=100, help="requests per batch")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--before", type=Path, help="another checkout of Zona, measured beside")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument("--skip-rescore", action="store_true")
    parser.add_argument("--rescore-limit", type=float, default=600.0, help="seconds")
    parser.add_argument(
        "--before-rescore-limit", type=float, default=180.0,
        help="seconds for the other checkout's re-score (its rate gives the whole's time)",
    )  # fmt: skip
    parser.add_argument("--redis-db", type=int, default=12)
    parser.add_argument("--pages", default="", help="only pages whose label contains this")
    parser.add_argument(
        "--before-pages", default="",
        help="measure the other checkout only on pages whose label contains this "
        "(its 1,000-unit instansi dashboard takes longer than the clients wait)",
    )  # fmt: skip
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    broker = f"redis://127.0.0.1:6379/{args.redis_db}"
    # This process queues the re-scoring job on the workers' broker (not eagerly, in itself).
    os.environ.update(CELERY_BROKER_URL=broker, CELERY_RESULT_BACKEND=broker,
                      CELERY_TASK_ALWAYS_EAGER="0")  # fmt: skip
    import django

    django.setup()
    from django.core.management import call_command

    from zona.orgs.models import Instansi

    call_command("migrate", verbosity=0)  # this version's tables (the seed may be older)

    big = Instansi.objects.filter(name="Kementerian Nasional Bench").first()
    if big is None:
        sys.exit("not seeded: run bench/seed_national.py first")
    other = Instansi.objects.exclude(pk=big.pk).order_by("pk").first()
    paths = [p for p in pages(big.pk, other.pk) if args.pages in p[0]]
    cores = os.cpu_count()
    print(f"Zona national benchmark: PostgreSQL {NATIONAL_URL.rsplit('/', 1)[-1]}, {cores} cores "
          f"shared by server, database, workers and clients (and other work on the machine); "
          f"1-min load average {os.getloadavg()[0]:.1f}")  # fmt: skip

    if not args.skip_pages:
        counts = query_counts(paths)
        config = Config("sync", args.workers, 1)
        print(f"\npages: gunicorn {config}, {args.concurrency} clients, {args.requests} requests "
              f"per page and server in batches of {args.batch}")  # fmt: skip
        t0 = time.perf_counter()
        if args.before:
            with Server(config, args.before) as before, Server(config) as after:
                results = measure_pages(args, {"before": before, "after": after}, paths)
        else:
            with Server(config) as after:
                results = measure_pages(args, {"after": after}, paths)
        print(f"\n  {'page':<34} {'queries':>7} " + " ".join(
            f"{name + ' p50':>11} {name + ' p95':>11} {name + ' req/s':>12}"
            for name in max(results.values(), key=len)))  # fmt: skip
        for label, by_server in results.items():
            cells = " ".join(f"{r.median_ms:8.1f} ms {r.ms(0.95):8.1f} ms {r.per_second:12.1f}"
                             for r in by_server.values())  # fmt: skip
            if args.before and "before" not in by_server:
                cells = f"{'(before: not measured)':>36} {cells}"
            after = by_server["after"].ms(0.95)
            verdict = "met" if after <= P95_TARGET_MS else "NOT met"
            ratio = ""
            if "before" in by_server and after:
                ratio = f"  p95 before/after {by_server['before'].ms(0.95) / after:4.1f}×"
            print(f"  {label:<34} {counts.get(label, 0):7d} {cells}  p95 ≤ "
                  f"{P95_TARGET_MS:.0f} ms {verdict}{ratio}")  # fmt: skip
        print(f"  ({time.perf_counter() - t0:.0f} s; load average {os.getloadavg()[0]:.1f} now)")

    if not args.skip_rescore:
        from zona.frameworks.models import FrameworkVersion

        version = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
        original = version.source
        if CORRECTION[0] not in original:
            sys.exit("the correction's text is not in the framework's source")
        print(f"\nre-score of every evaluation ({version}), 2 Celery workers, Redis {broker}")
        roots = ([("before", args.before)] if args.before else []) + [("after", ROOT)]
        try:
            for name, root in roots:
                set_source(version, original.replace(*CORRECTION))
                limit = args.before_rescore_limit if name == "before" else args.rescore_limit
                rescore_once(root, broker, limit, f"{name}, the correction")
                set_source(version, original)
                rescore_once(root, broker, limit, f"{name}, undone")
        finally:
            set_source(version, original)


if __name__ == "__main__":
    main()
