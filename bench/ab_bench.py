"""Compare two versions of Zona under the same load: the web benchmark's pages on two gunicorn
servers at once — another checkout (`before`, e.g. `git archive <commit> | tar -x -C DIR`) and
this one (`after`) — hammered in alternating batches, so that both see the same machine.

    .venv/bin/python bench/ab_bench.py DIR [--rounds 4] [--batch 200] [--concurrency 16]

On a shared machine whose load moves by a factor of several within minutes, two sequential
runs compare the load more than the code; interleaved batches do not. Both servers use this
checkout's `bench/bench_settings.py` conventions (each its own copy: copy `bench/` into DIR
first) and the same database, seeded by `seed_bench.py`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

import web_bench as wb

USERS = ("bench_tpi", "bench_unit")


class ServerAt(wb.Server):
    """A benchmark server running the code of another checkout."""

    def __init__(self, root: Path, config: wb.Config):
        super().__init__(config)
        self.root = root

    def __enter__(self) -> ServerAt:
        saved = wb.BENCH_DIR, wb.ROOT
        wb.BENCH_DIR, wb.ROOT = self.root / "bench", self.root
        try:
            return super().__enter__()
        finally:
            wb.BENCH_DIR, wb.ROOT = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the other checkout (with bench/ copied in)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--pages", default="", help="only these labels (comma-separated)")
    parser.add_argument("--batch", type=int, default=200, help="requests per page, side, round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()
    if not (args.before / "bench" / "bench_settings.py").is_file():
        sys.exit(f"{args.before}/bench/bench_settings.py is missing: copy bench/ there first")
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: sys.exit(128 + signum))

    import bench_settings

    url = bench_settings.BENCH_DATABASE_URL
    area = "lke/A.I.6/"
    pages = [
        ("floor", wb.FLOOR, "bench_tpi", None),
        ("floor-user", wb.FLOOR_SIGNED_IN, "bench_tpi", None),
        ("list", wb.LIST, "bench_tpi", None),
        ("sorted", f"{wb.LIST}?sort=-tpn_total", "bench_tpi", None),
        ("lke", wb.lke_page(url), "bench_tpi", None),
        ("area", wb.lke_page(url) + area, "bench_tpi", None),
        ("area-hx", wb.lke_page(url) + area, "bench_tpi", "htmx"),
        ("unit-area", wb.lke_page(url, True) + area, "bench_unit", None),
        ("save", wb.lke_page(url, True) + "jawaban/", "bench_unit",
         wb.choice_questions(args.concurrency)),
    ]  # fmt: skip
    if args.pages:
        pages = [page for page in pages if page[0] in args.pages.split(",")]
    config = wb.Config("sync", args.workers, 1)
    sides = ("before", "after")
    runs = {(side, label): wb.Run() for side in sides for label, _p, _u, _x in pages}
    started, load = time.perf_counter(), os.getloadavg()[0]
    with (
        ServerAt(args.before.resolve(), config) as before,
        ServerAt(wb.ROOT, config) as after,
    ):
        servers = {"before": before, "after": after}
        cookies = {(s, u): wb.login(srv.port, u) for s, srv in servers.items() for u in USERS}
        for side, server in servers.items():  # warm-up: templates, framework, fragments
            for _label, path, user, how in pages:
                wb.hammer(
                    server.port, path, cookies[side, user], 128, args.concurrency, 60, saves=how
                )
        for r in range(args.rounds):
            for label, path, user, how in pages:
                for side in sides if r % 2 == 0 else sides[::-1]:
                    run = wb.hammer(
                        servers[side].port, path, cookies[side, user], args.batch,
                        args.concurrency, 120, saves=how,
                    )  # fmt: skip
                    total = runs[side, label]
                    total.latencies_ns += run.latencies_ns
                    total.errors += run.errors
                    total.seconds += run.seconds
                    total.size = run.size
            print(f"round {r + 1}/{args.rounds}, load {os.getloadavg()[0]:.1f}", flush=True)
    print(
        f"interleaved: {args.rounds} rounds × {args.batch} requests per page and side, "
        f"{config}; {time.perf_counter() - started:.0f} s; load {load:.1f} at the start, "
        f"{os.getloadavg()[0]:.1f} at the end"
    )
    print(
        f"  {'page':<10} {'side':<7} {'n':>5} {'median':>9} {'p95':>9} {'req/s':>7}"
        f" {'vs floor':>8} {'bytes':>7} {'err':>4}"
    )
    for label, _path, _user, _how in pages:
        for side in sides:
            run, floor = runs[side, label], runs[side, "floor"].per_second
            print(
                f"  {label:<10} {side:<7} {run.count:5d} {run.median_ms:6.1f} ms"
                f" {run.ms(0.95):6.1f} ms {run.per_second:7.1f} {run.per_second / floor:7.3f}×"
                f" {run.size:7d} {run.errors:4d}"
            )


if __name__ == "__main__":
    main()
