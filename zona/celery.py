"""The Celery app: slow work and everything that sends something runs here, off the request.

Tasks live in each app's tasks.py. Settings are Django's (the CELERY_ names in settings.py).
Loaded by the notifications app's AppConfig.ready(), not by zona/__init__.py: importing the
pure core (zona.lke) must not pull Celery in.

Worker: `celery -A zona worker` (deploy/systemd/zona-worker.service). Without a broker (development,
tests, the embedded single-office install) tasks run eagerly, inside the caller's process.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")

app = Celery("zona")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
