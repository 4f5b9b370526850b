"""`manage.py demo`: prepare a local demo (admin login + LKE frameworks). Idempotent."""

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "zona-demo-2026"
DEMO_EMAIL = "admin@localhost"
LOGIN_URL = "http://127.0.0.1:8000/masuk/"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = (
        f"Create the demo superuser '{DEMO_USERNAME}' (if missing), load the shipped LKE "
        "frameworks and print the login."
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

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Zona demo is ready. Log in at:"))
        self.stdout.write(f"  URL:      {LOGIN_URL}   (admin: {ADMIN_URL})")
        self.stdout.write(f"  username: {DEMO_USERNAME}")
        self.stdout.write(f"  password: {DEMO_PASSWORD}")
