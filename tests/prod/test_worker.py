"""A real Celery worker against Redis and PostgreSQL: a notification made in one process is
queued, the worker e-mails it, and the same task delivered again sends nothing twice."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from prodkit import ROOT, app_env, db_name, manage

DB = db_name("zona_prod_worker")

MAKE = """
from django.contrib.auth import get_user_model
from django.db import transaction
from zona.notifications.actions import notify
from zona.notifications.models import Kind
user = get_user_model().objects.create_user("tpi_w", "tpi_w@example.test", "pw-Worker-2026")
(n,) = notify([user], Kind.SUBMITTED, user, link="/", key="worker:1",
              context={"unit": "Unit W", "year": 2026, "actor": "lead_w"})
print("PK", n.pk)
"""
AGAIN = """
from zona.notifications.tasks import send_notification_email
print("AGAIN", send_notification_email.delay({pk}).get(timeout=30))
"""


def _emailed(url: str, pk: int):
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT emailed_at, email_error FROM notifications_notification WHERE id = %s", [pk]
        ).fetchone()
    return row


@pytest.fixture
def worker_env(postgres, redis_url):
    import redis

    queue = redis_url.rsplit("/", 1)[0] + "/4"  # a database number of its own
    redis.Redis.from_url(queue).flushdb()
    url = postgres.create(DB)
    env = app_env(
        DATABASE_URL=url, REDIS_URL=queue, CELERY_TASK_ALWAYS_EAGER="0",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )  # fmt: skip
    manage("migrate", "--noinput", env=env)
    yield env, url
    redis.Redis.from_url(queue).flushdb()
    postgres.drop(DB)


def test_a_real_worker_sends_a_queued_notification_once(worker_env):
    env, url = worker_env
    pk = int(manage("shell", "-c", MAKE, env=env).split("PK", 1)[1].split()[0])
    assert _emailed(url, pk)[0] is None  # queued, not sent by the process that made it

    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "zona", "worker", "--pool", "solo",
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while _emailed(url, pk)[0] is None and time.monotonic() < deadline:
            assert worker.poll() is None, worker.stdout.read()
            time.sleep(0.5)
        emailed_at, error = _emailed(url, pk)
        assert emailed_at is not None and error == ""
        # The same task again (a redelivery after a lost acknowledgement): claimed, not resent.
        again = manage("shell", "-c", AGAIN.format(pk=pk), env=env)
        assert "AGAIN False" in again
        assert _emailed(url, pk)[0] == emailed_at
    finally:
        worker.terminate()
        try:
            out, _err = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            out, _err = worker.communicate()
    assert "send_notification_email" in out and "succeeded" in out, out
