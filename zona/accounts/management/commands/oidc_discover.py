"""Print the ZONA_OIDC_* lines for an identity provider, read from its discovery document."""

from __future__ import annotations

import requests
from django.core.management.base import BaseCommand, CommandError

FIELDS = (
    ("ZONA_OIDC_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
    ("ZONA_OIDC_TOKEN_ENDPOINT", "token_endpoint"),
    ("ZONA_OIDC_USERINFO_ENDPOINT", "userinfo_endpoint"),
    ("ZONA_OIDC_JWKS_ENDPOINT", "jwks_uri"),
)


class Command(BaseCommand):
    help = (
        "Read <issuer>/.well-known/openid-configuration and print the ZONA_OIDC_* lines for "
        "zona.env (docs/sign-in.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="the provider's issuer, e.g. https://sso.example.go.id")
        parser.add_argument("--timeout", type=int, default=10)

    def handle(self, issuer, timeout, **options):
        issuer = issuer.rstrip("/")
        url = f"{issuer}/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=timeout)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise CommandError(f"Could not read {url}: {exc}") from exc
        if str(document.get("issuer", "")).rstrip("/") != issuer:
            raise CommandError(
                f"{url} names the issuer {document.get('issuer')!r}, not {issuer!r}: give the "
                "issuer exactly as the provider writes it."
            )
        missing = [key for _name, key in FIELDS if not document.get(key)]
        if missing:
            raise CommandError(f"{url} lacks {', '.join(missing)}.")
        algorithms = document.get("id_token_signing_alg_values_supported") or []
        lines = ["ZONA_OIDC_ENABLED=1", f"ZONA_OIDC_ISSUER={document['issuer']}"]
        lines += [f"{name}={document[key]}" for name, key in FIELDS]
        if "RS256" not in algorithms and algorithms:
            lines.append(f"ZONA_OIDC_SIGN_ALGO={algorithms[0]}")
        lines += ["ZONA_OIDC_CLIENT_ID=", "ZONA_OIDC_CLIENT_SECRET=", "ZONA_OIDC_PROVIDER_NAME="]
        self.stdout.write("\n".join(lines))
