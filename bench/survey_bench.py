"""Survey benchmark: public survey submissions under load, beside a raw INSERT floor.

    .venv/bin/python bench/survey_bench.py [--submissions 4000] [--concurrency 16]
                                           [--worker-class gthread|sync] [--workers N]
                                           [--threads N] [--keep]

1. Creates the PostgreSQL database `zona_bench_surveys` (ZONA_BENCH_SURVEYS_URL to use
   another), migrates it, creates one unit with an open IPAK survey (shipped instrument).
2. **Floor**: `--concurrency` threads, each with its own connection (autocommit), INSERT one
   row each — the same columns a response has (survey, date, channel, answers as JSON,
   profile as JSON, suggestion) — into a plain table of the same database. What the database
   alone can take at that concurrency: no HTTP, no Django, no validation.
3. **Submissions**: gunicorn (by default gthread: one worker per core × 8 threads) serving
   Zona with `bench/bench_settings.py` on the same database; `--concurrency` client threads
   each open the form once (GET: the CSRF cookie and token, as a phone does), then POST
   complete answer sheets (10 statements, profile, sometimes a suggestion) with a fresh form
   nonce each, as if each came from a new form; each POST must answer 302 to the thank-you
   page. Keep-alive connections where the server keeps them. The rate limit is raised for
   the run (every client is 127.0.0.1). For context, the same clients then load
   /bench/floor/ (a Django view that does nothing).
4. Prints throughput, median and p95 for both, the ratio, the targets, checks that the
   database holds exactly one row per accepted submission, and drops the database (unless
   `--keep`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import subprocess
import sys
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(BENCH_DIR), str(ROOT)]

DB_NAME = "zona_bench_surveys"
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_URL = os.environ.get("ZONA_BENCH_SURVEYS_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
CODE = "BENCH2"
TARGET_RATE, TARGET_SHARE = 500.0, 0.40
# The server process reads these (bench_settings takes the database from the first).
os.environ["ZONA_BENCH_DATABASE_URL"] = DB_URL
os.environ["SURVEY_RATE_LIMIT"] = str(10**9)

import psycopg  # noqa: E402
from web_bench import HOST, Config, Run, Server, hammer  # noqa: E402

STATEMENTS = [f"AK{i}" for i in range(1, 11)]
PROFILE = {
    "p_gender": ["L", "P"],
    "p_age": ["17-25", "26-35", "36-45", "46-55", "56+"],
    "p_education": ["SMA", "D3", "S1", "S2"],
    "p_occupation": ["ASN", "SWASTA", "WIRAUSAHA", "PELAJAR", "LAINNYA"],
    "p_service": ["Layanan persidangan", "Layanan informasi publik"],
}


# --- database --------------------------------------------------------------------------------
def create_database() -> None:
    with psycopg.connect(ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        c.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database() -> None:
    with psycopg.connect(ADMIN_URL.replace("postgres://", "postgresql://"), autocommit=True) as c:
        c.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def prepare() -> int:
    """Migrate, then one unit with an open survey; returns the survey's id."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{BENCH_DIR}:{ROOT}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    script = f"""
import datetime
import django
django.setup()
from zona.orgs.models import Echelon, Instansi, InstansiKind, UnitKerja, UnitType
from zona.surveys.actions import load_instrument
from zona.surveys.instruments import shipped_files
from zona.surveys.models import Instrument, Survey
for path in shipped_files():
    load_instrument(None, path.read_text(encoding="utf-8"))
kind = UnitType.objects.create(name="Biro")
instansi = Instansi.objects.create(name="Instansi Bench", kind=InstansiKind.LEMBAGA)
unit = UnitKerja.objects.create(
    instansi=instansi, name="Unit Bench", echelon=Echelon.II, unit_type=kind
)
today = datetime.date.today()
survey = Survey.objects.create(
    unit=unit, instrument=Instrument.objects.get(code="spak"),
    year=today.year, code="{CODE}", opens_on=today - datetime.timedelta(days=30),
    closes_on=today + datetime.timedelta(days=30),
    services="Layanan persidangan\\nLayanan informasi publik",
)
print(survey.pk)
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(out.stdout.strip().splitlines()[-1])


def sheet(rng: random.Random) -> dict[str, str]:
    level = rng.choice([2, 3, 3, 3, 4, 4])
    data = {f"s_{c}": str(min(4, max(1, level + rng.choice([-1, 0, 0, 1])))) for c in STATEMENTS}
    for name, options in PROFILE.items():
        data[name] = rng.choice(options)
    data["suggestion"] = rng.choice(["", "", "", "Pelayanan cepat, terima kasih."])
    return data


# --- floor: raw INSERT -----------------------------------------------------------------------
def floor(survey_id: int, total: int, clients: int) -> Run:
    url = DB_URL.replace("postgres://", "postgresql://")
    with psycopg.connect(url, autocommit=True) as c:
        c.execute(
            "CREATE TABLE IF NOT EXISTS bench_raw_insert (id bigserial PRIMARY KEY, "
            "survey_id bigint, submitted_on date, channel varchar(6), answers jsonb, "
            "profile jsonb, suggestion text)"
        )
    rng = random.Random(1)
    payloads = []
    for _ in range(256):
        s = sheet(rng)
        answers = json.dumps({c: int(s[f"s_{c}"]) for c in STATEMENTS})
        profile = json.dumps({k[2:]: v for k, v in s.items() if k.startswith("p_")})
        payloads.append((survey_id, answers, profile, s["suggestion"]))
    run, lock, counter = Run(), threading.Lock(), iter(range(total))

    def worker():
        with psycopg.connect(url, autocommit=True) as conn:
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                survey, answers, profile, suggestion = payloads[i % len(payloads)]
                t0 = time.perf_counter_ns()
                conn.execute(
                    "INSERT INTO bench_raw_insert (survey_id, submitted_on, channel, answers, "
                    "profile, suggestion) VALUES (%s, CURRENT_DATE, 'online', %s, %s, %s)",
                    (survey, answers, profile, suggestion),
                )
                elapsed = time.perf_counter_ns() - t0
                with lock:
                    run.latencies_ns.append(elapsed)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.seconds = time.perf_counter() - start
    return run


# --- submissions through the public form -----------------------------------------------------
class Client:
    """One phone: a keep-alive connection, its CSRF cookie and token from one GET."""

    def __init__(self, port: int):
        self.port, self.conn = port, None
        status, body, headers = self.request("GET", f"/s/{CODE}/")
        jar = SimpleCookie()
        for value in headers.get_all("Set-Cookie") or []:
            jar.load(value)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or token is None or "csrftoken" not in jar:
            raise SystemExit(f"survey form: HTTP {status}, no CSRF token")
        self.cookie = f"csrftoken={jar['csrftoken'].value}"
        self.token = token[1].decode()

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return response.status, data, response.headers
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def _submit(client: Client, data: dict[str, str]) -> int:
    body = urlencode({"csrfmiddlewaretoken": client.token, "nonce": secrets.token_hex(16), **data})
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": client.cookie,
        "Origin": f"http://{HOST}:{client.port}",
    }
    return client.request("POST", f"/s/{CODE}/", body, headers)[0]


def submissions(port: int, total: int, clients: int, time_limit: float) -> Run:
    run, lock, counter = Run(), threading.Lock(), iter(range(total))
    phones = [Client(port) for _ in range(clients)]
    deadline = time.monotonic() + time_limit

    def worker(phone: Client, seed: int):
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            data = sheet(rng)
            t0 = time.perf_counter_ns()
            try:
                status = _submit(phone, data)
            except OSError:
                status = 0
            elapsed = time.perf_counter_ns() - t0
            with lock:
                run.latencies_ns.append(elapsed)
                run.statuses.add(status)
                if status != 302:
                    run.errors += 1

    threads = [threading.Thread(target=worker, args=(p, n)) for n, p in enumerate(phones)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    run.seconds = time.perf_counter() - start
    return run


def stored(survey_id: int) -> int:
    with psycopg.connect(DB_URL.replace("postgres://", "postgresql://")) as c:
        return c.execute(
            "SELECT count(*) FROM surveys_response WHERE survey_id = %s", (survey_id,)
        ).fetchone()[0]


def line(name: str, run: Run) -> str:
    return (
        f"  {name:<36} {run.count:>6} {run.median_ms:>8.1f} ms {run.ms(0.95):>8.1f} ms "
        f"{run.per_second:>8.1f}/s  errors {run.errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=4000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    # Short requests from clients that keep their connection: threads (one worker per core)
    # answer on the open connection; sync workers close it after every response.
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="gthread")
    parser.add_argument("--threads", type=int, default=8, help="per worker, with gthread")
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    create_database()
    try:
        survey_id = prepare()
        print(f"database {DB_NAME} ready in {time.perf_counter() - t0:.1f} s; survey {CODE}")
        floor(survey_id, 256, args.concurrency)  # warm-up (connections, table, caches)
        raw = floor(survey_id, args.submissions, args.concurrency)
        config = Config(args.worker_class, args.workers, args.threads)
        with Server(config) as server:
            submissions(server.port, 256, args.concurrency, args.time_limit)  # warm-up
            before = stored(survey_id)
            web = submissions(server.port, args.submissions, args.concurrency, args.time_limit)
            accepted = stored(survey_id) - before
            django_floor = hammer(
                server.port,
                "/bench/floor/",
                "",
                args.submissions,
                args.concurrency,
                args.time_limit,
            )
        share = web.per_second / raw.per_second if raw.per_second else 0.0
        print(f"\n{args.concurrency} concurrent clients; gunicorn {config}; PostgreSQL {DB_NAME}")
        print(f"  {'':<36} {'n':>6} {'median':>11} {'p95':>11} {'rate':>10}")
        print(line("floor: raw single-row INSERT", raw))
        print(line("survey submissions (POST /s/<code>/)", web))
        ok = web.count - web.errors
        print(f"  statuses {sorted(web.statuses)}; rows stored {accepted} for {ok} accepted")
        print(line("context: Django floor (GET, no DB)", django_floor))
        met_rate = "met" if web.per_second >= TARGET_RATE else "NOT met"
        met_share = "met" if share >= TARGET_SHARE else "NOT met"
        print(f"  target ≥ {TARGET_RATE:.0f} submissions/s: {web.per_second:.0f}/s ({met_rate})")
        print(f"  target ≥ {TARGET_SHARE:.0%} of the floor: {share:.0%} ({met_share})")
        print(
            f"  (1-min load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)"
        )
        if accepted != web.count - web.errors:
            raise SystemExit("stored rows differ from accepted submissions")
    finally:
        if not args.keep:
            drop_database()
            print(f"dropped database {DB_NAME}")


if __name__ == "__main__":
    main()
