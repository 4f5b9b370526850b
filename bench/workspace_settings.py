"""Settings of the workspace browser benchmark: Zona in production mode (WhiteNoise serving the
collected, pre-compressed static files), with HTML compressed as the reverse proxy of
docs/deploy.md compresses it. Read only by `bench/workspace_bench.py`, for both the current tree
and the earlier one it compares with."""

from zona.settings import *  # noqa: F403

MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *MIDDLEWARE]  # noqa: F405
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
