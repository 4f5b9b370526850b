"""WSGI entry point for Zona (e.g. gunicorn zona.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")

application = get_wsgi_application()
