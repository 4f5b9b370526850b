"""Django settings for Zona.

Everything deployment-specific comes from environment variables; the defaults
are for local development only (DEBUG on, insecure key, SQLite under var/).
`ZONA_ENV=production` switches to the production mode described in docs/deploy.md:
required variables, HTTPS-only cookies, HSTS, an enforced Content-Security-Policy,
compressed static files and JSON logs.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from zona.core.origins import csrf_trusted_origins

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime data (SQLite db, static, media); git-ignored
VAR_DIR.mkdir(exist_ok=True)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ----------------------------------------------------------------------------- core

ZONA_ENV = env_str("ZONA_ENV", "development").strip().lower()
if ZONA_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"ZONA_ENV must be 'development' or 'production', got {ZONA_ENV!r}")
PRODUCTION = ZONA_ENV == "production"

# DEBUG defaults to True in development and False in production.
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when ZONA_ENV=production.")

# ZONA_ALLOWED_HOSTS is the documented name; ALLOWED_HOSTS is still read for older setups.
_hosts_env = env_str("ZONA_ALLOWED_HOSTS") or env_str("ALLOWED_HOSTS")
if PRODUCTION:
    _missing = [
        name
        for name, value in (
            ("SECRET_KEY", env_str("SECRET_KEY")),
            ("ZONA_ALLOWED_HOSTS", _hosts_env),
            ("DATABASE_URL", env_str("DATABASE_URL")),
        )
        if not value.strip()
    ]
    if _missing:
        raise ImproperlyConfigured(
            "ZONA_ENV=production needs these environment variables: "
            + ", ".join(_missing)
            + " (see .env.example and docs/deploy.md)."
        )

_INSECURE_DEV_SECRET_KEY = "django-insecure-zona-dev-only-NEVER-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or _INSECURE_DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == _INSECURE_DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")

ALLOWED_HOSTS = [h.strip() for h in (_hosts_env or "127.0.0.1,localhost").split(",") if h.strip()]
# Browsers send an Origin header with every POST; Django compares it with the scheme and host
# the request arrived on, or with these. Derived from the host names (https) unless given.
CSRF_TRUSTED_ORIGINS = csrf_trusted_origins(
    ALLOWED_HOSTS,
    env_list("ZONA_CSRF_TRUSTED_ORIGINS") or env_list("CSRF_TRUSTED_ORIGINS"),
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "template_partials",  # named partials ({% partialdef %}) for the htmx fragments
    "zona.audit",
    "zona.core",
    "zona.orgs",
    "zona.accounts",
    "zona.evidence",
    "zona.notifications",
    "zona.jobs",
    "zona.frameworks",
    "zona.evaluations",
    "zona.workbook",
    "zona.dashboards",
    "zona.plans",
    "zona.innovations",
    "zona.findings",
    "zona.feeds",
    "zona.surveys",
    "zona.onboarding",
    "ninja",  # its templates and static files: the API docs without a CDN
    "zona.api",
]

MIDDLEWARE = [
    # First: load-balancer probes are answered before host validation and HTTPS redirects.
    "zona.core.health.HealthCheckMiddleware",
    "zona.core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zona.core.nul.StripNulMiddleware",  # no NUL in any query parameter (PostgreSQL refuses it)
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Indonesian unless the person chose English (ignores the browser's Accept-Language).
    "zona.core.middleware.ChosenLanguageMiddleware",
    # /api/ only: Accept-Language for API clients, errors in the API's JSON shape.
    "zona.api.middleware.ApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]
if PRODUCTION:
    # Serves the collected static files (right after SecurityMiddleware, as WhiteNoise asks);
    # in development runserver serves them from the source folders.
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")  # fmt: skip

ROOT_URLCONF = "zona.urls"
WSGI_APPLICATION = "zona.wsgi.application"
ASGI_APPLICATION = "zona.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "zona" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zona.accounts.context_processors.navigation",
                "zona.audit.context_processors.navigation",
                "zona.notifications.context_processors.navigation",
            ],
        },
    },
]

# ------------------------------------------------------------------------- database

# DATABASE_URL, e.g. postgres://user:pass@host:5432/zona; default: SQLite in var/.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'zona.sqlite3'}",
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ----------------------------------------------------------------------------- auth

AUTHENTICATION_BACKENDS = ["zona.accounts.auth.UsernameOrEmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after a working day, or when the browser closes; cookies travel only over HTTPS
# when DEBUG is off.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True

# Sign-in through the office's identity provider (OpenID Connect, mozilla-django-oidc), beside
# the password. Off unless ZONA_OIDC_ENABLED; a person is matched by verified e-mail to an
# existing active account, never created from the provider (zona.accounts.oidc, docs/sign-in.md).
ZONA_OIDC_ENABLED = env_bool("ZONA_OIDC_ENABLED", False)
ZONA_OIDC_PROVIDER_NAME = env_str("ZONA_OIDC_PROVIDER_NAME", "SSO").strip() or "SSO"
ZONA_OIDC_ISSUER = env_str("ZONA_OIDC_ISSUER").strip()
OIDC_RP_CLIENT_ID = env_str("ZONA_OIDC_CLIENT_ID").strip()
OIDC_RP_CLIENT_SECRET = env_str("ZONA_OIDC_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("ZONA_OIDC_AUTHORIZATION_ENDPOINT").strip()
OIDC_OP_TOKEN_ENDPOINT = env_str("ZONA_OIDC_TOKEN_ENDPOINT").strip()
OIDC_OP_USER_ENDPOINT = env_str("ZONA_OIDC_USERINFO_ENDPOINT").strip()
OIDC_OP_JWKS_ENDPOINT = env_str("ZONA_OIDC_JWKS_ENDPOINT").strip()
OIDC_RP_SIGN_ALGO = env_str("ZONA_OIDC_SIGN_ALGO", "RS256").strip()
OIDC_RP_SCOPES = env_str("ZONA_OIDC_SCOPES", "openid email profile").strip()
OIDC_USE_PKCE = env_bool("ZONA_OIDC_USE_PKCE", True)
OIDC_TIMEOUT = env_int("ZONA_OIDC_TIMEOUT", 10)
OIDC_CREATE_USER = False  # never: accounts come from invitations and imports only
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
OIDC_STORE_ID_TOKEN = False
OIDC_STORE_ACCESS_TOKEN = False
if ZONA_OIDC_ENABLED:
    _missing_oidc = [
        name
        for name, value in (
            ("ZONA_OIDC_ISSUER", ZONA_OIDC_ISSUER),
            ("ZONA_OIDC_CLIENT_ID", OIDC_RP_CLIENT_ID),
            ("ZONA_OIDC_CLIENT_SECRET", OIDC_RP_CLIENT_SECRET),
            ("ZONA_OIDC_AUTHORIZATION_ENDPOINT", OIDC_OP_AUTHORIZATION_ENDPOINT),
            ("ZONA_OIDC_TOKEN_ENDPOINT", OIDC_OP_TOKEN_ENDPOINT),
            ("ZONA_OIDC_USERINFO_ENDPOINT", OIDC_OP_USER_ENDPOINT),
            ("ZONA_OIDC_JWKS_ENDPOINT", OIDC_OP_JWKS_ENDPOINT),
        )
        if not value
    ]
    if _missing_oidc:
        raise ImproperlyConfigured(
            "ZONA_OIDC_ENABLED=1 needs " + ", ".join(_missing_oidc)
            + " (`manage.py oidc_discover <issuer>` prints them; see docs/sign-in.md)."
        )  # fmt: skip
    AUTHENTICATION_BACKENDS.append("zona.accounts.oidc.OIDCBackend")

# Repeated failed logins lock the account name out for a while (zona.accounts.lockout).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60)
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)
# An LKE workbook is ~100 KB; a larger upload is not one.
WORKBOOK_MAX_BYTES = env_int("WORKBOOK_MAX_BYTES", 5 * 1024 * 1024)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day

# Public surveys (zona.surveys): answers per source (a salted hash, held only in the cache)
# and window; how long a sent form is remembered against double submission;
# the proxy header carrying the client address, if any (e.g. HTTP_X_FORWARDED_FOR); the
# margin of error (1–4 scale) a unit aims for by default.
SURVEY_RATE_LIMIT = env_int("SURVEY_RATE_LIMIT", 60)
SURVEY_RATE_WINDOW = env_int("SURVEY_RATE_WINDOW", 600)
SURVEY_DUPLICATE_WINDOW = env_int("SURVEY_DUPLICATE_WINDOW", 3600)
SURVEY_SOURCE_HEADER = env_str("SURVEY_SOURCE_HEADER")
# Public survey results: a group under this many respondents is withheld, and figures move only
# in whole batches of responses (docs/surveys.md).
ZONA_SURVEY_MIN_GROUP = env_int("ZONA_SURVEY_MIN_GROUP", 10)
ZONA_SURVEY_PUBLISH_BATCH = env_int("ZONA_SURVEY_PUBLISH_BATCH", 10)
# Seconds the LKE workspace keeps a rendered part for people who only read it (in the shared
# cache, keyed on the content they see; 0 renders every page afresh). docs/workspace.md.
ZONA_WORKSPACE_CACHE_SECONDS = env_int("ZONA_WORKSPACE_CACHE_SECONDS", 300)
# Seconds the dashboards and the list's filter choices keep their figures (keyed on their
# content, zona.core.content_cache). docs/deploy.md.
ZONA_DASHBOARD_CACHE_SECONDS = env_int("ZONA_DASHBOARD_CACHE_SECONDS", 600)
# Seconds the public form may reuse a survey it looked up (a pause or a new closing date
# reaches other server processes within this time; 0 = always read the database).
SURVEY_CACHE_SECONDS = env_int("SURVEY_CACHE_SECONDS", 5)
SURVEY_TARGET_MARGIN = 0.10

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# ------------------------------------------------------------------------------ i18n

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "zona" / "locale"]
USE_I18N = True
# One way to write dates and date-times in each language (zona/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["zona.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

# ------------------------------------------------------------------- static / media

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "zona" / "static"]
STATIC_ROOT = Path(env_str("ZONA_STATIC_ROOT") or VAR_DIR / "static")
MEDIA_URL = "media/"
# Evidence files on local disk (or a mounted volume) unless ZONA_S3_BUCKET is set below.
MEDIA_ROOT = Path(env_str("ZONA_MEDIA_ROOT") or VAR_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production serves hashed, pre-compressed files (collectstatic) through WhiteNoise, so
    # browsers may cache them for a year; development serves the source files as they are.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if env_str("ZONA_S3_BUCKET"):
    # Any S3-compatible store (AWS, MinIO, Ceph, a provider's object storage). Objects stay
    # private: evidence is only downloaded through the permission-checked view.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("ZONA_S3_BUCKET"),
            "endpoint_url": env_str("ZONA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("ZONA_S3_REGION") or None,
            "access_key": env_str("ZONA_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("ZONA_S3_SECRET_ACCESS_KEY") or None,
            "location": env_str("ZONA_S3_PREFIX", "evidence"),
            "addressing_style": env_str("ZONA_S3_ADDRESSING_STYLE") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

# ----------------------------------------------------------------------------- email

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Zona <zona@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)  # a stuck SMTP server must not hold a worker

# ------------------------------------------------------------------- cache / sessions

# REDIS_URL (e.g. redis://127.0.0.1:6379/0) gives every app server the same cache: login
# lockout counters, cached pages and sessions are then shared, so any server can answer.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zona",
            # A Redis that does not answer fails the request (and /readyz) quickly.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        },
    }
    # Sessions are read from Redis and written through to the database: a Redis restart or
    # eviction does not log everyone out in the middle of filling in an LKE.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# ------------------------------------------------------------------ background work

# Celery (zona/celery.py). The broker is CELERY_BROKER_URL, else the cache's Redis. Tasks run
# eagerly (in the calling process, right away) unless a production install has a broker: so
# development, `make run`, the tests and the embedded single-office install need no worker.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = env_bool(
    "CELERY_TASK_ALWAYS_EAGER", not (PRODUCTION and CELERY_BROKER_URL)
)
# An eager task's exception reaches the caller, as a queued one's reaches the worker's log.
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged once it has run, so a worker that dies mid-task leaves it for another
# (tasks are idempotent); one that takes longer than this is stopped.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 30
# Results (task status for progress bars) in the same Redis; none without a broker.
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or (CELERY_BROKER_URL or None)
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the LOGGING below formats the worker's lines too

# Run by `manage.py zona_cron` (the systemd timer in deploy/); apps add their periodic commands.
# Deadline notices before the digests, so that today's reach the digest of the same morning.
ZONA_CRON_COMMANDS = [
    "clearsessions", "send_plan_reminders", "send_deadline_notices", "send_notification_digests",
    "purge_jobs",
]  # fmt: skip
# Files made or read by background work (PDFs, stored imports) are deleted this many days after
# the work finished (`manage.py purge_jobs`, or the Celery beat schedule); the job is kept.
ZONA_JOB_RESULT_DAYS = env_int("ZONA_JOB_RESULT_DAYS", 7)

# ------------------------------------------------------------------ HTTPS and headers

# Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto (deploy/nginx).
# Only then: otherwise any client could claim to have arrived over HTTPS.
if env_bool("ZONA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
USE_X_FORWARDED_HOST = env_bool("ZONA_USE_X_FORWARDED_HOST", False)

SECURE_SSL_REDIRECT = env_bool("ZONA_SSL_REDIRECT", PRODUCTION)
# Load-balancer probes talk plain HTTP to the app server (patterns match the path sans "/").
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int("ZONA_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ZONA_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading is a promise to browser vendors that is slow to take back: opt in explicitly.
SECURE_HSTS_PRELOAD = env_bool("ZONA_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# The evaluation list's covering index (INCLUDE columns) is PostgreSQL's; SQLite keeps the key
# columns only, which is all the embedded default needs.
SILENCED_SYSTEM_CHECKS += ["models.W040"]

# Content-Security-Policy: enforced in production; report-only in development so that an
# inline script or handler shows up in the browser console long before it breaks a page.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],  # style= attributes; Bootstrap and htmx set some
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
if PRODUCTION:
    CONTENT_SECURITY_POLICY = _CSP
else:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP

# ---------------------------------------------------------------- action plans (zona.plans)

# Reminders of an activity's due date go out this many days before it (then the day after it,
# then weekly while it is overdue); the links in them start with the site's address.
PLAN_REMINDER_DAYS_BEFORE = env_int("PLAN_REMINDER_DAYS_BEFORE", 7)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --------------------------------------------------------------------------- logging

# JSON lines on stdout in production (journald / a log shipper reads them); readable lines in
# development. ZONA_LOG_FORMAT=json|text overrides.
LOG_FORMAT = env_str("ZONA_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"ZONA_LOG_FORMAT must be 'json' or 'text', got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "json": {"()": "zona.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": env_str("DJANGO_LOG_LEVEL", "INFO").upper(),
            "propagate": False,
        },
        # One line per request (zona.core.requestlog). runserver prints its own in development.
        "zona.request": {
            "handlers": ["console"],
            "level": env_str("ZONA_REQUEST_LOG_LEVEL", "INFO" if PRODUCTION else "WARNING"),
            "propagate": False,
        },
    },
}
