"""Production settings from the environment, checked in fresh processes: refusal without the
required variables, and `check --deploy` with realistic values prints nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "ZONA_ENV": "production",
    "SECRET_KEY": "q7G2vX9pL4mN8rT1wZ6yB3cF5hJ0kD2sA9eU4iO7pQ1xV6nM3bR8tY5wE2zC0gH",
    "ZONA_ALLOWED_HOSTS": "zona.example.go.id",
    "DATABASE_URL": "postgres://zona:rahasia@db.internal:5432/zona",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "ZONA_BEHIND_PROXY": "1",
    "EMAIL_HOST": "smtp.example.go.id",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "1",
    "DEFAULT_FROM_EMAIL": "Zona <zona@example.go.id>",
    "ZONA_S3_BUCKET": "zona-bukti",
    "ZONA_S3_ENDPOINT_URL": "https://s3.example.go.id",
    "ZONA_S3_ACCESS_KEY_ID": "zona",
    "ZONA_S3_SECRET_ACCESS_KEY": "rahasia-s3",
}


def _clean_env(**overrides: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ZONA_", "DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_"))
        and k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"}
    }
    env.update(overrides)
    return env


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_silent_under_production_settings():
    env = _clean_env(**PRODUCTION_ENV)
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "ERROR" not in output and "?: (" not in output
    assert "System check identified no issues" in output


def test_production_settings_are_what_the_docs_say():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_PRELOAD, s.SECURE_PROXY_SSL_HEADER,"
        " s.CSRF_TRUSTED_ORIGINS, s.SESSION_ENGINE, s.CACHES['default']['BACKEND'],"
        " s.STORAGES['default']['BACKEND'], s.STORAGES['staticfiles']['BACKEND'],"
        " s.EMAIL_BACKEND, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'],"
        " 'whitenoise.middleware.WhiteNoiseMiddleware' in s.MIDDLEWARE, sep='|')"
    )
    result = _manage("shell", "-c", code, env=_clean_env(**PRODUCTION_ENV))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split("|") == [
        "False", "True", "True", "True", "31536000", "False",
        "('HTTP_X_FORWARDED_PROTO', 'https')", "['https://zona.example.go.id']",
        "django.contrib.sessions.backends.cached_db",
        "django.core.cache.backends.redis.RedisCache",
        "storages.backends.s3.S3Storage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "django.core.mail.backends.smtp.EmailBackend",
        "[\"'self'\"]", "True",
    ]  # fmt: skip


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ZONA_ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = _clean_env(**PRODUCTION_ENV)
    del env[missing]
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"ZONA_ENV=production needs these environment variables: {missing}" in result.stderr


def test_production_refuses_debug():
    result = _manage("check", env=_clean_env(**PRODUCTION_ENV, DEBUG="1"))
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


def test_development_defaults_are_unchanged():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'],"
        " s.EMAIL_BACKEND, s.SESSION_ENGINE, s.LOG_FORMAT,"
        " s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['frame-ancestors'],"
        " hasattr(s, 'CONTENT_SECURITY_POLICY'), sep='|')"
    )
    result = _manage("shell", "-c", code, env=_clean_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split("|") == [
        "True", "django.db.backends.sqlite3", "django.core.cache.backends.locmem.LocMemCache",
        "django.core.mail.backends.console.EmailBackend", "django.contrib.sessions.backends.db",
        "text", "[\"'none'\"]", "False",
    ]  # fmt: skip


def test_every_variable_the_settings_read_is_in_env_example():
    import re

    settings_source = (ROOT / "zona/settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', settings_source))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ZONA_S3_BUCKET"} <= read
    example = (ROOT / ".env.example").read_text()
    assert sorted(name for name in read if name not in example) == []
