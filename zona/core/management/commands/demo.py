"""`manage.py demo`: prepare a local demo (admin login, LKE frameworks, demo organisations and one
login per role). Idempotent."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from zona.core.demo_data import (
    ADMIN_EMAIL,
    ADMIN_USERNAME,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    DemoLogin,
    load_demo,
)

DEMO_USERNAME = ADMIN_USERNAME
DEMO_EMAIL = ADMIN_EMAIL
LOGIN_URL = "http://127.0.0.1:8000/masuk/"
ADMIN_URL = "http://127.0.0.1:8000/admin/"

_HEADERS = ("username", "password", "role", "scope")


def logins_table(logins: list[DemoLogin]) -> list[str]:
    """The logins as aligned text lines: a header, a rule, then one line per role held."""
    rows = [_HEADERS] + [(x.username, x.password, x.role, x.scope) for x in logins]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADERS))]
    rows.insert(1, tuple("-" * w for w in widths))
    return [
        "  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


class Command(BaseCommand):
    help = (
        f"Create the demo superuser '{DEMO_USERNAME}' (if missing), load the shipped LKE "
        "frameworks and the demo organisations and people, and print the logins."
    )

    def handle(self, *args, **options):
        user_model = get_user_model()
        if user_model._default_manager.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(f"User '{DEMO_USERNAME}' already exists; left unchanged.")
        else:
            user_model._default_manager.create_superuser(
                username=DEMO_USERNAME, email=DEMO_EMAIL, password=DEMO_PASSWORD
            )
            self.stdout.write(self.style.SUCCESS(f"Created superuser '{DEMO_USERNAME}'."))

        call_command(
            "load_frameworks",
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )

        call_command("load_instruments", stdout=self.stdout, stderr=self.stderr)

        logins = load_demo(self.stdout)

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Zona demo is ready. Log in at:"))
        self.stdout.write(f"  URL:      {LOGIN_URL}   (admin: {ADMIN_URL})")
        self.stdout.write(f"  username: {DEMO_USERNAME}")
        self.stdout.write(f"  password: {DEMO_PASSWORD}")
        self.stdout.write("")
        self.stdout.write(f"Demo logins at {LOGIN_URL} (same password for all;")
        self.stdout.write(f"'<username>@{EMAIL_DOMAIN}' works as the login too):")
        for text in logins_table(logins):
            self.stdout.write(text)
