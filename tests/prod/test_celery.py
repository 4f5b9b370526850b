"""Background work: tasks run eagerly unless a production install has a broker, and the Celery
app loads with Django without the pure core importing Celery."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_settings import PRODUCTION_ENV, ROOT, _clean_env, _manage

CODE = (
    "from django.conf import settings as s; from zona.celery import app;"
    "print(s.CELERY_TASK_ALWAYS_EAGER, app.conf.task_always_eager, app.conf.broker_url or '',"
    " sep='|')"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["True", "True", ""]),
        # A development Redis (the cache) does not make tasks wait for a worker nobody started.
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, ["True", "True", "redis://127.0.0.1:6379/0"]),
        (PRODUCTION_ENV, ["False", "False", "redis://redis.internal:6379/0"]),
        (
            {**PRODUCTION_ENV, "CELERY_BROKER_URL": "redis://queue.internal:6379/2"},
            ["False", "False", "redis://queue.internal:6379/2"],
        ),
        # The embedded single-office install: production without Redis runs tasks in-process.
        ({k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}, ["True", "True", ""]),
        ({**PRODUCTION_ENV, "CELERY_TASK_ALWAYS_EAGER": "1"}, ["True", "True",
                                                              "redis://redis.internal:6379/0"]),
    ],
)  # fmt: skip
def test_tasks_run_eagerly_unless_production_has_a_broker(env, expected):
    result = _manage("shell", "-c", CODE, env=_clean_env(**env))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split("|") == expected


def test_the_pure_core_does_not_import_celery():
    code = "import sys, zona.lke, zona.eligibility; print('celery' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_worker_unit_runs_the_zona_app():
    unit = (ROOT / "deploy/systemd/zona-worker.service").read_text()
    assert "celery -A zona worker" in unit and "EnvironmentFile=/etc/zona/zona.env" in unit
