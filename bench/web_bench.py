"""Web benchmark: the evaluation list and the LKE page under gunicorn on PostgreSQL, beside the
floor of a minimal Django view on the same server.

    .venv/bin/python bench/seed_bench.py --reset      # once: 2,000 units, complete 2021 LKEs
    .venv/bin/python bench/web_bench.py [--requests 2000] [--concurrency 16]
                                        [--worker-class sync] [--workers 5] [--threads 4]
    .venv/bin/python bench/web_bench.py --sweep       # compare a few gunicorn configurations

Starts gunicorn on 127.0.0.1 (a free port) with `bench/bench_settings.py` (Zona's settings,
DEBUG off, the `zona_bench` database, a URLconf adding /bench/floor/), signs in through the
login form (CSRF and session cookies, as a browser does), then, page by page, sends a fixed
number of GET requests from `--concurrency` client threads, each with its own keep-alive
`http.client` connection, after a warm-up. Prints per page the median and p95 latency, the
requests per second and the ratio of that throughput to the floor's. Every phase is bounded in
requests and in time; gunicorn is stopped at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT)]

HOST = "127.0.0.1"  # the only address this benchmark ever talks to
PASSWORD = "bench-Zona-2026"
FLOOR = "/bench/floor/"
FLOOR_SIGNED_IN = "/bench/floor/signed-in/"
PAGES = (
    "floor", "floor-user", "list", "sorted", "lke", "lke-area", "lke-area-hx", "lke-unit",
    "lke-unit-area", "save",
)  # fmt: skip
LIST = "/evaluasi/"
TARGET_SHARE, TARGET_P95_MS = 0.30, 150.0
WORKSPACE_P95_MS = {
    "LKE, largest area": 100.0, "LKE, largest area (htmx)": 100.0,
    "LKE, largest area, unit draft": 100.0, "save an answer, unit draft": 100.0, "list": 150.0,
}  # fmt: skip
WORKSPACE_SHARE = 0.40


# --- the server ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Config:
    worker_class: str
    workers: int
    threads: int

    def __str__(self) -> str:
        threads = f" × {self.threads} threads" if self.worker_class == "gthread" else ""
        return f"{self.worker_class}, {self.workers} workers{threads}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child before exec (Linux): SIGTERM when this script dies, however it dies, so
    that no gunicorn outlives the benchmark."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Server:
    """gunicorn serving Zona under bench_settings; stopped (its whole process group) on exit."""

    def __init__(self, config: Config, gzip: bool = False):
        self.config = config
        self.gzip = gzip
        self.port = free_port()
        # Closed (and removed) in __exit__, with the server.
        self.log = tempfile.NamedTemporaryFile(prefix="zona-bench-gunicorn-", suffix=".log")  # noqa: SIM115
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        c = self.config
        cmd = [
            str(gunicorn), "zona.wsgi:application",
            "--pythonpath", f"{BENCH_DIR},{ROOT}",
            "--bind", f"{HOST}:{self.port}",
            "--worker-class", c.worker_class, "--workers", str(c.workers),
            "--threads", str(c.threads),
            "--keep-alive", "5", "--backlog", "256", "--timeout", "60",
            "--log-level", "warning",
        ]  # fmt: skip
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings"}
        env["ZONA_BENCH_GZIP"] = "1" if self.gzip else "0"
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the master and its workers
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                status, _body, _h = fetch(self.port, FLOOR)
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise SystemExit(f"gunicorn did not start:\n{self.log_tail()}")

    def log_tail(self) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-3000:]

    def __exit__(self, *exc) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # the group this script started
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None
        self.log.close()


# --- HTTP ------------------------------------------------------------------------------------
def fetch(port: int, path: str, cookie: str = "", method: str = "GET", body: str | None = None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read(), response.headers
    finally:
        conn.close()


def login(port: int, username: str) -> str:
    """Sign in through the login form; the Cookie header of the session."""
    status, body, headers = fetch(port, "/masuk/")
    jar = SimpleCookie()
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or token is None or "csrftoken" not in jar:
        raise SystemExit(f"login page: HTTP {status}, no CSRF token")
    form = urlencode(
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1].decode()}
    )
    cookie = f"csrftoken={jar['csrftoken'].value}"
    status, _body, headers = fetch(port, "/masuk/", cookie, "POST", form)
    for value in headers.get_all("Set-Cookie") or []:
        jar.load(value)
    if status != 302 or "sessionid" not in jar:
        raise SystemExit(f"login as {username} failed (HTTP {status}); seeded? see seed_bench.py")
    return f"csrftoken={jar['csrftoken'].value}; sessionid={jar['sessionid'].value}"


@dataclass
class Run:
    latencies_ns: list[int] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    size: int = 0
    statuses: set = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.latencies_ns)

    @property
    def per_second(self) -> float:
        return (self.count - self.errors) / self.seconds if self.seconds else 0.0

    def ms(self, p: float) -> float:
        values = sorted(self.latencies_ns)
        return values[min(len(values) - 1, int(p * len(values)))] / 1e6 if values else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ns) / 1e6 if self.latencies_ns else 0.0


VERSION = re.compile(rb'name="version" value="(\d+)"')


def hammer(
    port: int, path: str, cookie: str, requests: int, clients: int, limit: float,
    gzip: bool = False, saves: list[str] | str | None = None,
) -> Run:  # fmt: skip
    """`requests` GETs of `path` from `clients` threads with keep-alive connections; stops at
    the count or after `limit` seconds, whichever comes first. With `gzip` the clients accept
    compressed responses (and do not decompress them: a browser's cost, not the server's).

    With `saves` (one choice question per client) each client instead saves its own question's
    answer as the workspace does (htmx POST to `path` + the question), switching between its
    first two options so that every save changes the answer, with the version the last
    response gave it (a 409 carries the current one too). `saves="htmx"`: GETs as htmx asks
    (the "work" partial)."""
    run = Run()
    tickets = itertools.count()  # next() is atomic under the GIL: one ticket per request
    start = threading.Barrier(clients + 1)
    lock = threading.Lock()
    headers = {"Cookie": cookie}
    if gzip:
        headers["Accept-Encoding"] = "gzip"
    if saves == "htmx":
        headers["HX-Request"], saves = "true", None

    csrf = re.search(r"csrftoken=([^;]+)", cookie)
    post_headers = {
        **headers, "HX-Request": "true", "X-CSRFToken": csrf[1] if csrf else "",
        "Content-Type": "application/x-www-form-urlencoded",
    }  # fmt: skip
    slots = itertools.count()

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[int] = []
        errors, size, statuses = 0, 0, set()
        question, options = saves[next(slots) % len(saves)].split(":") if saves else ("", "")
        version, turn = 0, 0
        clock = time.perf_counter_ns
        start.wait()
        deadline = clock() + int(limit * 1e9)
        while next(tickets) < requests and clock() < deadline:
            t0 = clock()
            try:
                if saves:
                    turn += 1
                    form = {"value": options.split(",")[turn % 2], "note": "", "version": version}
                    conn.request("POST", f"{path}{question}/", urlencode(form), post_headers)
                else:
                    conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()  # reconnects on the next request
                status, body = 0, b""
            mine.append(clock() - t0)
            statuses.add(status)
            if saves and (found := VERSION.search(body)):
                version = int(found[1])
            if status != 200:
                errors += 1
            size = len(body) or size
        conn.close()
        with lock:
            run.latencies_ns.extend(mine)
            run.errors += errors
            run.size = max(run.size, size)
            run.statuses |= statuses

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join(limit + 60)
    run.seconds = time.perf_counter() - began
    return run


# --- the pages -------------------------------------------------------------------------------
def lke_page(database_url: str, draft: bool = False) -> str:
    """An evaluation from the middle of the seeded 2,000, or (`draft`) the first unit's draft
    (fails when nothing is seeded)."""
    import dj_database_url
    import psycopg

    db = dj_database_url.parse(database_url)
    try:
        with psycopg.connect(
            host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
            password=db["PASSWORD"] or None, dbname=db["NAME"],
        ) as conn:  # fmt: skip
            rows = conn.execute(
                "SELECT id FROM evaluations_evaluation WHERE year = 2021 ORDER BY id"
            ).fetchall()
    except psycopg.OperationalError as exc:
        raise SystemExit(f"{exc}\nrun bench/seed_bench.py first") from None
    if len(rows) < 2:
        raise SystemExit("the benchmark database is empty: run bench/seed_bench.py first")
    return f"/evaluasi/{rows[0 if draft else len(rows) // 2][0]}/"


def choice_questions(n: int) -> list[str]:
    """`n` choice questions of the 2021 LKE with their first two options ("2:a,b"): one per
    client, so that the clients' saves never meet on the same answer."""
    from zona.lke.registry import builtin_framework

    framework = builtin_framework("lke-2021")
    found = [f"{no}:{q.options[0]},{q.options[1]}" for no, q in framework.questions.items()
             if len(q.options) >= 2 and not q.feed]  # fmt: skip
    return found[:n]


def measure(
    config: Config, pages: list[tuple[str, str, str | None]], args
) -> tuple[dict, list[str]]:
    """Run every page on one server; the runs by label, and notes (pages not available). A
    page names who signs in to read it, or None for `--user`."""
    results, notes = {}, []
    with Server(config, args.gzip) as server:
        cookies: dict[str, str] = {}
        warm = max(args.concurrency * 8, 100)
        for label, path, user, saves in pages:
            user = user or args.user
            if user not in cookies:
                cookies[user] = login(server.port, user)
            cookie = cookies[user]
            status, _body, _h = fetch(
                server.port, FLOOR if isinstance(saves, list) else path, cookie
            )
            if status != 200:
                notes.append(f"{label} {path}: HTTP {status}, not available yet — not measured")
                continue
            hammer(
                server.port, path, cookie, warm, args.concurrency, args.time_limit, args.gzip,
                saves,
            )  # fmt: skip
            results[label] = (
                path,
                hammer(
                    server.port, path, cookie, args.requests, args.concurrency, args.time_limit,
                    args.gzip, saves,
                ),
            )  # fmt: skip
    return results, notes


def report(results: dict, notes: list[str]) -> None:
    floor = results.get("floor")
    floor_rate = floor[1].per_second if floor else 0.0
    print(
        f"  {'page':<46} {'n':>5} {'median':>9} {'p95':>9} {'req/s':>7} {'vs floor':>8}"
        f" {'bytes':>7} {'errors':>6}"
    )
    for label, (path, run) in results.items():
        share = run.per_second / floor_rate if floor_rate else 0.0
        print(
            f"  {label + ' ' + path:<46} {run.count:5d} {run.median_ms:6.1f} ms"
            f" {run.ms(0.95):6.1f} ms {run.per_second:7.1f} {share:7.3f}× {run.size:7d}"
            f" {run.errors:6d}" + (f"  statuses {sorted(run.statuses)}" if run.errors else "")
        )
    for note in notes:
        print(f"  {note}")
    lke = results.get("LKE page")
    if lke and floor_rate:
        run = lke[1]
        share = run.per_second / floor_rate
        print(
            f"  target, LKE page: ≥ {TARGET_SHARE:.0%} of the floor's throughput: {share:.0%} "
            f"({'met' if share >= TARGET_SHARE else 'NOT met'}); p95 < {TARGET_P95_MS:.0f} ms: "
            f"{run.ms(0.95):.0f} ms ({'met' if run.ms(0.95) < TARGET_P95_MS else 'NOT met'})"
        )
    # The workspace issue's budgets (p95 per page; the area's throughput beside the signed-in
    # floor's).
    signed_in = results.get("floor, signed in")
    for label, p95 in WORKSPACE_P95_MS.items():
        if label in results:
            got = results[label][1].ms(0.95)
            print(f"  budget, {label}: p95 ≤ {p95:.0f} ms: {got:.0f} ms "
                  f"({'met' if got <= p95 else 'NOT met'})")  # fmt: skip
    for label in ("LKE, largest area", "LKE, largest area (htmx)"):
        if label in results and signed_in:
            share = results[label][1].per_second / signed_in[1].per_second
            verdict = "met" if share >= WORKSPACE_SHARE else "NOT met"
            print(f"  budget, {label}: ≥ {WORKSPACE_SHARE:.0%} of the signed-in floor's "
                  f"throughput: {share:.0%} ({verdict})")  # fmt: skip


def main() -> None:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per page")
    parser.add_argument("--concurrency", type=int, default=16, help="client threads")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--workers", type=int, default=2 * cores + 1)
    parser.add_argument("--threads", type=int, default=4, help="per worker (gthread only)")
    parser.add_argument("--user", default="bench_tpi", help="who signs in (see seed_bench.py)")
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per phase")
    parser.add_argument("--sweep", action="store_true", help="compare gunicorn configurations")
    parser.add_argument(
        "--gzip", action="store_true", help="gzip responses in Django (GZipMiddleware)"
    )
    parser.add_argument(
        "--pages",
        default=",".join(PAGES),
        help="which of " + ",".join(PAGES),
    )
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # each page's figures as soon as measured
    # A polite kill (timeout, systemd, kill) unwinds like Ctrl-C: the server is stopped.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    import bench_settings
    import gunicorn

    wanted = set(args.pages.split(","))
    url = bench_settings.BENCH_DATABASE_URL
    pages = [
        (label, path() if callable(path) else path, user, saves)
        for key, label, path, user, saves in (
            ("floor", "floor", FLOOR, None, None),
            ("floor-user", "floor, signed in", FLOOR_SIGNED_IN, None, None),
            ("list", "list", LIST, None, None),
            ("sorted", "list by TPN score", f"{LIST}?sort=-tpn_total", None, None),
            ("lke", "LKE page", lambda: lke_page(url), None, None),
            ("lke-area", "LKE, largest area", lambda: lke_page(url) + "lke/A.I.6/", None, None),
            ("lke-area-hx", "LKE, largest area (htmx)", lambda: lke_page(url) + "lke/A.I.6/",
             None, "htmx"),
            ("lke-unit", "LKE page, unit draft", lambda: lke_page(url, True), "bench_unit", None),
            ("lke-unit-area", "LKE, largest area, unit draft",
             lambda: lke_page(url, True) + "lke/A.I.6/", "bench_unit", None),
            ("save", "save an answer, unit draft", lambda: lke_page(url, True) + "jawaban/",
             "bench_unit", choice_questions(args.concurrency)),
        )
        if key in wanted
    ]  # fmt: skip
    print(
        f"Zona web benchmark: gunicorn {gunicorn.__version__} on {HOST}, PostgreSQL "
        f"({bench_settings.DATABASES['default']['NAME']}), {cores} cores shared by server, "
        f"database and client; {args.concurrency} concurrent clients, signed in as {args.user}"
    )
    if args.sweep:
        configs = [
            Config("sync", 2 * cores + 1, 1),
            Config("sync", cores * 4, 1),
            Config("gthread", cores + 1, 4),
            Config("gthread", 2 * cores + 1, 4),
            Config("gthread", 2 * cores + 1, 8),
        ]
    else:
        threads = args.threads if args.worker_class == "gthread" else 1
        configs = [Config(args.worker_class, args.workers, threads)]
    for config in configs:
        gzip = ", gzip" if args.gzip else ""
        print(f"\ngunicorn {config}{gzip}: {args.requests} requests per page after a warm-up")
        started, load = time.perf_counter(), os.getloadavg()[0]
        report(*measure(config, pages, args))
        print(
            f"  ({time.perf_counter() - started:.0f} s; 1-min load average {load:.1f} at the start)"
        )


if __name__ == "__main__":
    main()
