"""CPU time and queries per request of the workspace's pages, in process (Django's test client
on the web benchmark's PostgreSQL database, `seed_bench.py`): figures that the load of other
work on the machine does not distort, unlike the latency of `web_bench.py`.

    .venv/bin/python bench/cpu_bench.py [--loops 30] [--root DIR]

`--root` measures another checkout (e.g. the before of `ab_bench.py`, with bench/ copied in)
with this interpreter. Set REDIS_URL to measure with the shared cache as production has it
(use your own database number). Per page: the median CPU time (`time.process_time`) and wall
time of one request, and the queries it ran (the session and the user included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=30)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--pages", default="")
    args = parser.parse_args()
    root = args.root.resolve()
    sys.path[:0] = [str(root), str(root / "bench")]
    os.chdir(root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    import django

    django.setup()
    import web_bench as wb
    from bench_settings import BENCH_DATABASE_URL
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    area = "lke/A.I.6/"
    lke, draft = wb.lke_page(BENCH_DATABASE_URL), wb.lke_page(BENCH_DATABASE_URL, True)
    saves = wb.choice_questions(1)[0]
    no, options = saves.split(":")
    options = options.split(",")
    clients = {}
    for user in ("bench_tpi", "bench_unit"):
        client = Client(HTTP_HOST="127.0.0.1")
        assert client.login(username=user, password=wb.PASSWORD), user
        clients[user] = client
    hx = {"HTTP_HX_REQUEST": "true"}
    state = {"version": None, "n": 0}

    def save():
        client = clients["bench_unit"]
        if state["version"] is None:
            page = client.get(draft + f"?q={no}").content
            found = [m for m in wb.VERSION.finditer(page)]
            state["version"] = 0
            marker = f'id="q-{no}"'.encode()
            at = page.find(marker)
            for m in found:
                if m.start() > at:
                    state["version"] = int(m.group(1))
                    break
        state["n"] += 1
        value = options[state["n"] % 2]
        response = client.post(
            draft + f"jawaban/{no}/", {"value": value, "note": "", "version": state["version"]},
            **hx,
        )  # fmt: skip
        match = wb.VERSION.search(response.content)
        if match:
            state["version"] = int(match.group(1))
        return response

    pages = {
        "area": lambda: clients["bench_tpi"].get(lke + area),
        "area-hx": lambda: clients["bench_tpi"].get(lke + area, **hx),
        "unit-area": lambda: clients["bench_unit"].get(draft + area),
        "unit-area-hx": lambda: clients["bench_unit"].get(draft + area, **hx),
        "save": save,
        # the unit's area right after one of its answers changed (not timed: the save)
        "after-save": (save, lambda: clients["bench_unit"].get(draft + area)),
    }
    if args.pages:
        pages = {k: v for k, v in pages.items() if k in args.pages.split(",")}
    print(f"{'page':14} {'cpu ms':>8} {'wall ms':>8} {'queries':>8} status")
    for label, call in pages.items():
        before, call = call if isinstance(call, tuple) else (None, call)
        for _ in range(3):
            call()
        cpu, wall, queries, statuses = [], [], [], set()
        for _ in range(args.loops):
            if before is not None:
                before()
            with CaptureQueriesContext(connection) as captured:
                c0, w0 = time.process_time(), time.perf_counter()
                response = call()
                c1, w1 = time.process_time(), time.perf_counter()
            cpu.append((c1 - c0) * 1000)
            wall.append((w1 - w0) * 1000)
            queries.append(len(captured))
            statuses.add(response.status_code)
        print(
            f"{label:14} {statistics.median(cpu):8.1f} {statistics.median(wall):8.1f} "
            f"{statistics.median(queries):8.0f} {sorted(statuses)}"
        )


if __name__ == "__main__":
    main()
