"""ASGI entry point for Zona (e.g. uvicorn zona.asgi:application)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")

application = get_asgi_application()
