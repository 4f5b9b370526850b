"""Two app servers, one PostgreSQL, one Redis: the servers keep no state of their own.

Two gunicorn processes run the production settings (DEBUG off, as behind the TLS proxy:
X-Forwarded-Proto https, Secure cookies). A person logs in through A with the real CSRF
flow, adds a unit through A, and B shows the unit and the same signed-in session; a logout
through B ends the session on A too; failed logins counted on A lock the name on B.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from prodkit import ROOT, app_env, db_name, pgtool, run_together
from world import PASSWORD

DB = db_name("zona_prod_scale")
START_TIMEOUT = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Just enough of a browser: one cookie jar across servers, Origin on POST, the proxy's
    headers. (http.client rather than a cookie-jar library: Secure cookies must be sent
    although the hop to the app server is plain HTTP, exactly as behind nginx.)"""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Host": f"127.0.0.1:{port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{port}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return response.status, response.headers, text

    def csrf_form_token(self, port: int, path: str) -> str:
        status, _headers, page = self.request(port, "GET", path)
        assert status == 200, (path, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def login(self, port: int, username: str, password: str):
        token = self.csrf_form_token(port, "/masuk/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        return self.request(port, "POST", "/masuk/", form)


@pytest.fixture
def two_servers(postgres, redis_url, tmp_path):
    import redis

    redis.Redis.from_url(redis_url).flushdb()  # our own database number (3)
    url = postgres.create(DB)
    env = app_env(
        ZONA_ENV="production",
        SECRET_KEY="scale-out-test-key-0123456789abcdefghijklmnopqrstuvwxyzABCDEFG",
        ZONA_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        ZONA_BEHIND_PROXY="1",
        ZONA_MEDIA_ROOT=str(tmp_path / "media"),
        ZONA_STATIC_ROOT=str(tmp_path / "static"),
        LOG_LEVEL="WARNING",
        ZONA_REQUEST_LOG_LEVEL="WARNING",
    )
    (tmp_path / "media").mkdir()
    processes = []
    try:
        run_together(
            [[sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
             [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]],
            env,
        )  # fmt: skip
        ids = json.loads(pgtool("world", env=env))
        ports = [_free_port(), _free_port()]
        for port in ports:
            bind = f"127.0.0.1:{port}"
            command = [sys.executable, "-m", "gunicorn", "zona.wsgi:application", "--bind", bind]
            command += ["--workers", "1", "--timeout", "20", "--no-control-socket"]
            # stderr to a file, not a pipe: a full pipe would block a chatty server.
            log = tmp_path / f"gunicorn-{port}.log"
            with log.open("wb") as out:
                process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
            process.log = log
            processes.append(process)
        for port, process in zip(ports, processes, strict=True):
            _wait_until_ready(port, process)
        yield ports, ids
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        postgres.drop(DB)
        redis.Redis.from_url(redis_url).flushdb()


def _wait_until_ready(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn on {port} exited: {process.log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn on {port} not ready after {START_TIMEOUT}s")


def test_two_servers_share_data_session_and_lockout(two_servers):
    """One test, one pair of servers: the servers take most of the time, and a single test
    cannot be split across xdist workers sharing the Redis database."""
    (a, b), ids = two_servers
    _write_through_one_read_through_the_other(a, b, ids)
    _lockout_is_shared(a, b)


def _write_through_one_read_through_the_other(a: int, b: int, ids: dict) -> None:
    browser = Browser()

    status, headers, _ = browser.login(a, "coordinator_a", PASSWORD)
    assert status == 302 and headers["Location"] == "/", "login through A"
    assert "sessionid" in browser.cookies

    # The session made by A is known to B.
    status, _, home_b = browser.request(b, "GET", "/")
    assert status == 200 and "coordinator_a" in home_b

    # Write through A (CSRF token from A's form, as a browser would).
    add = f"/instansi/{ids['instansi_a']}/unit/tambah/"
    token = browser.csrf_form_token(a, add)
    form = {
        "name": "Bagian Umum Skala", "echelon": "III", "unit_type": ids["unit_type"],
        "address": "Jl. Merdeka 1", "csrfmiddlewaretoken": token,
    }  # fmt: skip
    status, headers, _ = browser.request(a, "POST", add, form)
    assert status == 302, "unit added through A"
    unit_path = headers["Location"]

    # Read through B: same data, same person.
    status, _, unit_b = browser.request(b, "GET", unit_path)
    assert status == 200
    assert "Bagian Umum Skala" in unit_b
    assert "coordinator_a" in unit_b

    # Log out through B: A no longer knows the session.
    token = browser.csrf_form_token(b, "/")
    status, _, _ = browser.request(b, "POST", "/keluar/", {"csrfmiddlewaretoken": token})
    assert status == 302
    status, headers, _ = browser.request(a, "GET", "/")
    assert status == 302 and headers["Location"].startswith("/masuk/")


def _lockout_is_shared(a: int, b: int) -> None:
    for _ in range(5):  # LOGIN_FAILURE_LIMIT failures, all on A
        status, _, _ = Browser().login(a, "tpi_a", "salah-sandi")
        assert status == 200
    # B refuses even the right password: the counter lives in the shared Redis.
    browser = Browser()
    status, _, page = browser.login(b, "tpi_a", PASSWORD)
    assert status == 200 and "sessionid" not in browser.cookies
    assert "Terlalu banyak percobaan gagal" in page
    status, _, _ = Browser().login(b, "tpi_lead_a", PASSWORD)
    assert status == 302  # other names are not affected
