"""Run the periodic management commands (settings.ZONA_CRON_COMMANDS) one after another.

Started by the systemd timer in deploy/ (or cron). One failing command does not stop the
others; the exit status is non-zero when any failed, so systemd marks the run as failed and
the journal holds the traceback.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger("zona.cron")


class Command(BaseCommand):
    help = "Run the periodic commands listed in settings.ZONA_CRON_COMMANDS."

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="print the commands and exit")

    def handle(self, *args, list=False, **options):
        commands = settings.ZONA_CRON_COMMANDS
        if list:
            for name in commands:
                self.stdout.write(name)
            return
        failed = []
        for name in commands:
            started = time.monotonic()
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr)
            except Exception:
                logger.exception("periodic command %s failed", name)
                failed.append(name)
            else:
                logger.info("periodic command %s done in %.1fs", name, time.monotonic() - started)
        if failed:
            raise CommandError("failed: " + ", ".join(failed))
