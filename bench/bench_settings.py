"""Settings of the web benchmark: Zona's own, as in production (DEBUG off), on the benchmark's
PostgreSQL database, with a URLconf that adds the floor view. Nothing here is read by Zona
itself; `bench/bench_wsgi.py` and `bench/seed_bench.py` select it.
"""

import os

import dj_database_url

from zona.settings import *  # noqa: F403

DEBUG = False
SECRET_KEY = "zona-bench-only-not-a-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench_urls"
# The benchmark speaks plain HTTP on the loopback: cookies must travel without TLS.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

BENCH_DATABASE_URL = os.environ.get(
    "ZONA_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zona_bench"
)
DATABASES = {"default": dj_database_url.parse(BENCH_DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = 60  # as zona.settings does for PostgreSQL
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# `web_bench.py --gzip`: compress responses in Django (production leaves that to the proxy).
if os.environ.get("ZONA_BENCH_GZIP") == "1":
    MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]  # noqa: F405

# Request logs would cost the server time the benchmark means to measure.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
