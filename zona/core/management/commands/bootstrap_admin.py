"""Create the first system administrator without a prompt (provisioning scripts, Ansible).

The password comes from the environment variable named by --password-env (default
ZONA_ADMIN_PASSWORD) or from standard input, never from the command line, where every user
of the machine could read it in the process list. Running it again for an existing account
changes nothing and says so, so it is safe in an idempotent deployment script.
"""

from __future__ import annotations

import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from zona.accounts.models import Role, RoleAssignment
from zona.audit.log import record


class Command(BaseCommand):
    help = "Create the first system administrator (superuser with the sysadmin role)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--password-env",
            default="ZONA_ADMIN_PASSWORD",
            help="environment variable holding the password (default ZONA_ADMIN_PASSWORD)",
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from stdin"
        )

    def handle(self, *args, username, email, password_env, password_stdin, **options):
        users = get_user_model()._default_manager
        if users.filter(username=username).exists():
            self.stdout.write(f"User {username!r} already exists; nothing changed.")
            return
        password = (
            sys.stdin.readline().rstrip("\n")
            if password_stdin
            else os.environ.get(password_env, "")
        )
        if not password:
            raise CommandError(f"No password: set {password_env} or pass --password-stdin.")
        user = users.model(username=username, email=email)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password refused: " + " ".join(error.messages)) from None
        with transaction.atomic():
            user = users.create_superuser(username, email, password)
            RoleAssignment.objects.create(user=user, role=Role.SYSADMIN)
            record(None, "account.bootstrap_admin", user, after={"username": username})
        self.stdout.write(self.style.SUCCESS(f"System administrator {username!r} created."))
