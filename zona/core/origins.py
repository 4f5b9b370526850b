"""CSRF trusted origins from the deployment's host names.

Django refuses a POST whose Origin header names neither the scheme and host the request
arrived on nor an entry of CSRF_TRUSTED_ORIGINS. Behind a TLS-terminating proxy the request
arrives over plain HTTP while the browser says `https://…`, which is the classic "403 CSRF
verification failed" of a fresh self-hosted install. Trusting `https://<host>` for every
allowed host name removes it without trusting anything the site does not already serve.

Imported by the settings module, so this file must not import Django's settings.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured


def origins_from_hosts(hosts: list[str]) -> list[str]:
    """`https://name` for each ALLOWED_HOSTS entry; `.example.go.id` (the name and all its
    subdomains) becomes `https://*.example.go.id`; `*` trusts nothing."""
    origins = []
    for host in hosts:
        if host == "*" or not host:
            continue
        if host.startswith("."):
            origins.append(f"https://*{host}")
        else:
            origins.append(f"https://{host}")
    return origins


def csrf_trusted_origins(hosts: list[str], explicit: list[str]) -> list[str]:
    """The explicit list when given (each entry with its scheme: `http://10.0.0.5:8080` for
    a bare address), else origins derived from the host names."""
    if not explicit:
        return origins_from_hosts(hosts)
    for origin in explicit:
        if "://" not in origin:
            raise ImproperlyConfigured(
                f"ZONA_CSRF_TRUSTED_ORIGINS entry {origin!r} needs a scheme, e.g. "
                f"'https://{origin}' or 'http://{origin}' (with the port if it is not 80/443)."
            )
    return explicit
