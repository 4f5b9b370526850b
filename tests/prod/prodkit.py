"""PostgreSQL, Redis and subprocess helpers for the production tests that need real servers
(backup/restore, scale-out). Unreachable servers skip those tests with the reason; under
CI=true a server that is reachable but unusable (a missing pg_dump, a failing createdb) fails
them instead."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
# CI sets ZONA_TEST_POSTGRES_URL when it found PostgreSQL (.ci/run): then the servers these
# tests need are part of the environment, and their absence is a failure, not a skip.
SERVERS_EXPECTED = IN_CI and bool(os.environ.get("ZONA_TEST_POSTGRES_URL"))


def db_name(base: str) -> str:
    """`base`, plus the xdist worker's id when the suite runs in parallel (`-n 2`)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return f"{base}_{worker}" if worker else base


def _server_url() -> str:
    """postgres://user@host:port/ of the test server (ZONA_TEST_POSTGRES_URL's, or local)."""
    given = os.environ.get("ZONA_TEST_POSTGRES_URL") or "postgres://postgres@127.0.0.1:5432/test"
    parts = urlsplit(given)
    return urlunsplit((parts.scheme, parts.netloc, "/", "", ""))


def _reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=2).close()
        return True
    except OSError:
        return False


def unusable(reason: str):
    """Fail under CI (the server is there, so this is a real breakage), skip elsewhere."""
    if IN_CI:
        pytest.fail(reason)
    pytest.skip(reason)


def unreachable(reason: str):
    if SERVERS_EXPECTED:
        pytest.fail(reason + " (CI=true and ZONA_TEST_POSTGRES_URL is set)")
    pytest.skip(reason)


class Postgres:
    def __init__(self, server: str):
        self.server = server

    def url(self, name: str) -> str:
        return self.server.rstrip("/") + "/" + name

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def create(self, name: str) -> str:
        self.drop(name)
        self._admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres() -> Postgres:
    server = _server_url()
    parts = urlsplit(server)
    if not _reachable(parts.hostname or "127.0.0.1", parts.port or 5432):
        unreachable(f"PostgreSQL is not reachable at {parts.hostname}:{parts.port or 5432}")
    pg = Postgres(server)
    try:
        pg._admin("SELECT 1")
    except Exception as error:
        unusable(f"PostgreSQL at {parts.hostname} refused us: {error}")
    return pg


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("ZONA_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    parts = urlsplit(url)
    if not _reachable(parts.hostname or "127.0.0.1", parts.port or 6379):
        unreachable(f"Redis is not reachable at {parts.hostname}:{parts.port or 6379}")
    return url


def require_tools(*names: str) -> None:
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        unusable(f"{', '.join(missing)} not installed (apt-get install postgresql-client)")


def app_env(**values: str) -> dict[str, str]:
    """The environment of a Zona process: ours without Zona/Django settings, plus `values`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZONA_", "DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_"))
        and k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests")])
    env.update(values)
    return env


def run(args: list[str], env: dict[str, str], timeout: int = 120) -> str:
    """Run a command from the repository root; its output on failure, stdout on success."""
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def run_together(commands: list[list[str]], env: dict[str, str], timeout: int = 120) -> None:
    """Run independent commands at the same time; fail with the output of any that fails."""
    processes = [
        subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for args in commands
    ]
    for args, process in zip(commands, processes, strict=True):
        out, err = process.communicate(timeout=timeout)
        if process.returncode != 0:
            pytest.fail(f"{' '.join(args)} exited {process.returncode}:\n{out!r}\n{err!r}")


def manage(*args: str, env: dict[str, str]) -> str:
    return run([sys.executable, "manage.py", *args], env)


def pgtool(*args: str, env: dict[str, str]) -> str:
    return run([sys.executable, str(ROOT / "tests/prod/pgtool.py"), *args], env)


def _pathless_storage_class():
    from django.core.files.storage import InMemoryStorage, Storage

    class PathlessStorage(Storage):
        """Like S3: files exist only through the storage API; `path()` raises (Storage's)."""

        def __init__(self):
            self._inner = InMemoryStorage()

        def _open(self, name, mode="rb"):
            return self._inner._open(name, mode)

        def _save(self, name, content):
            return self._inner._save(name, content)

        def exists(self, name):
            return self._inner.exists(name)

        def delete(self, name):
            self._inner.delete(name)

        def size(self, name):
            return self._inner.size(name)

        def listdir(self, path):
            return self._inner.listdir(path)

        def url(self, name):
            raise NotImplementedError("evidence is never served by URL")

    return PathlessStorage


_PATHLESS = None


def __getattr__(name: str):
    # Built lazily: this module is imported before Django's settings are configured.
    global _PATHLESS
    if name == "PathlessStorage":
        _PATHLESS = _PATHLESS or _pathless_storage_class()
        return _PATHLESS
    raise AttributeError(name)
