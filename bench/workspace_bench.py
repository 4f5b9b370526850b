"""Browser benchmark of the LKE workspace, beside the page it replaced, in one run.

    .venv/bin/python bench/workspace_bench.py [--runs 7] [--before f24277a]

Builds the demo data in a throw-away SQLite database, checks out the earlier page (`--before`,
a commit of this repository) in a temporary git worktree, and serves both on 127.0.0.1 as
production serves them (gunicorn, WhiteNoise with the collected, pre-compressed static files,
HTML compressed as the reverse proxy does: `bench/workspace_settings.py`), each on a demo
database of its own built by its own code. Debian's Chromium (Playwright) then opens
the TPI's largest area (Peningkatan Kualitas Pelayanan Publik, 19 questions) and the unit's
draft, cold (cache disabled, a new browser context per run) with the network throttled as
DevTools' "Fast 3G" (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip), and prints per page:

- HTML bytes of the document and DOM nodes once loaded (the score panel the workspace loads
  beside the questions included);
- time to interactive: from navigation start until the first answer form is on the page and
  htmx has wired it (the moment a click saves), median over the runs.

Only loopback traffic; the servers and the worktree are removed at the end, whatever happens.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
PASSWORD = "zona-demo-2026"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FAST_3G = {  # DevTools' preset: bytes per second, milliseconds
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
}
# The page answers input once its first answer form exists and htmx has processed it.
READY = (
    "() => { const f = document.querySelector('form.lke-answer');"
    " return !!(window.htmx && f && f['htmx-internal-data']); }"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def manage(tree: Path, env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=tree, env=env, check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


@contextmanager
def server(tree: Path, env: dict):
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 — closed in the finally below, with the server
    gunicorn = Path(sys.executable).with_name("gunicorn")
    proc = subprocess.Popen(
        [str(gunicorn), "zona.wsgi:application", "--bind", f"{HOST}:{port}", "--workers", "2",
         "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
        cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/masuk/", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    break
                time.sleep(0.3)
        else:
            raise SystemExit("the server did not start")
        if proc.poll() is not None:
            log.seek(0)
            raise SystemExit(f"the server stopped:\n{log.read().decode()[-2000:]}")
        yield f"http://{HOST}:{port}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        log.close()


def demo_cases(database: Path) -> tuple[int, int, str]:
    """The demo's evaluation in the TPI's review, a draft of a unit, and one of its members."""
    import sqlite3

    with sqlite3.connect(database) as db:
        (review,) = db.execute(
            "SELECT id FROM evaluations_evaluation WHERE stage = 'tpi_review' ORDER BY id"
        ).fetchone()
        draft, member = db.execute(
            "SELECT e.id, u.username FROM evaluations_evaluation e"
            " JOIN accounts_roleassignment r ON r.unit_id = e.unit_id AND r.role = 'unit_member'"
            " JOIN auth_user u ON u.id = r.user_id WHERE e.stage = 'draft' ORDER BY e.id, u.id"
        ).fetchone()
    return review, draft, member


def measure(browser, base: str, username: str, path: str, runs: int) -> dict:
    times, sizes, nodes = [], [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        page = context.new_page()
        page.goto(f"{base}/masuk/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("form:has(#id_username) [type=submit]")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        response = page.goto(base + path, wait_until="commit")
        try:
            page.wait_for_function(READY, timeout=60_000, polling=20)
        except Exception as exc:
            raise SystemExit(
                f"{base}{path} as {username}: not ready ({response.status}): {page.content()[:500]}"
            ) from exc
        ready = page.evaluate("() => performance.now()")
        times.append(ready / 1000)
        sizes.append(len(response.body()))
        page.wait_for_load_state("networkidle")
        nodes.append(page.evaluate("() => document.getElementsByTagName('*').length"))
        context.close()
    return {
        "seconds": statistics.median(times),
        "spread": (min(times), max(times)),
        "bytes": statistics.median(sizes),
        "nodes": statistics.median(nodes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", default="f24277a", help="commit of the earlier page")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="zona-ws-bench-")))
        before_tree = work / "before"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(before_tree), args.before],
            cwd=ROOT, check=True,
        )  # fmt: skip
        stack.callback(
            subprocess.run, ["git", "worktree", "remove", "--force", str(before_tree)], cwd=ROOT
        )
        database = work / "demo.sqlite3"
        env = {
            **os.environ, "DATABASE_URL": f"sqlite:///{database}",
            "ZONA_MEDIA_ROOT": str(work / "media"), "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
        }  # fmt: skip
        manage(ROOT, env, "migrate", "--noinput")
        manage(ROOT, env, "demo")
        production = {
            "ZONA_ENV": "production", "DJANGO_SETTINGS_MODULE": "workspace_settings",
            "SECRET_KEY": "zona-workspace-bench-only-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ZONA_ALLOWED_HOSTS": HOST, "SESSION_COOKIE_SECURE": "0", "CSRF_COOKIE_SECURE": "0",
            "ZONA_SSL_REDIRECT": "0", "ZONA_HSTS_SECONDS": "0",
        }  # fmt: skip
        env = {**env, **production, "ZONA_STATIC_ROOT": str(work / "static-after")}
        before_env = {
            **env, "DATABASE_URL": f"sqlite:///{work / 'before.sqlite3'}",
            "PYTHONPATH": f"{before_tree}:{ROOT / 'bench'}",
            "ZONA_STATIC_ROOT": str(work / "static-before"),
        }  # fmt: skip
        # Each tree builds its own demo database with its own migrations and demo command.
        dev_before = {**before_env, "ZONA_ENV": "development"}
        manage(before_tree, dev_before, "migrate", "--noinput")
        manage(before_tree, dev_before, "demo")
        manage(ROOT, env, "collectstatic", "--noinput")
        manage(before_tree, before_env, "collectstatic", "--noinput")
        after_base = stack.enter_context(server(ROOT, env))
        before_base = stack.enter_context(server(before_tree, before_env))
        review, draft, member = demo_cases(database)
        cases = [
            ("TPI, largest area", "tpi.dpr", f"/evaluasi/{review}/lke/A.I.6/",
             f"/evaluasi/{review}/"),
            ("unit draft", member, f"/evaluasi/{draft}/", f"/evaluasi/{draft}/"),
        ]  # fmt: skip
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            print(f"LKE workspace, Chromium, Fast 3G, cold cache, {args.runs} runs each")
            print(f"{'page':<22}{'':8}{'HTML':>10}{'DOM':>7}{'ready (median)':>17}  range")
            for label, user, after_path, before_path in cases:
                before = measure(browser, before_base, user, before_path, args.runs)
                after = measure(browser, after_base, user, after_path, args.runs)
                for name, r in (("before", before), ("after", after)):
                    lo, hi = r["spread"]
                    print(
                        f"{label:<22}{name:<8}{r['bytes'] / 1024:>8.0f} KB{r['nodes']:>7.0f}"
                        f"{r['seconds']:>15.2f} s  {lo:.2f}–{hi:.2f} s"
                    )
                print(f"{'':<22}{'ratio':<8}{after['bytes'] / before['bytes']:>10.2f}"
                      f"{after['nodes'] / before['nodes']:>7.2f}"
                      f"{after['seconds'] / before['seconds']:>17.2f}")  # fmt: skip
            browser.close()


if __name__ == "__main__":
    main()
