"""The Celery app: slow work and everything that sends something runs here, off the request.

Tasks live in each app's tasks.py. Settings are Django's (the CELERY_ names in settings.py).
Loaded by the notifications app's AppConfig.ready(), not by zona/__init__.py: importing the
pure core (zona.lke) must not pull Celery in.

Worker: `celery -A zona worker` (deploy/systemd/zona-worker.service); periodic tasks:
`celery -A zona beat` (deploy/systemd/zona-beat.service), one beat process per install.
Without a broker (development, tests, the embedded single-office install) tasks run eagerly,
inside the caller's process.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")

app = Celery("zona")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic tasks for `celery -A zona beat`. An install without beat runs the same through
# `manage.py zona_cron` (settings.ZONA_CRON_COMMANDS); both are idempotent, so both may run.
app.conf.beat_schedule = {
    "purge-job-results": {
        "task": "zona.jobs.tasks.purge_job_results",
        "schedule": crontab(hour=3, minute=30),  # in CELERY_TIMEZONE (Asia/Jakarta)
    },
}
