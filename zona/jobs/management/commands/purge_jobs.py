"""Delete the files of background work finished more than ZONA_JOB_RESULT_DAYS days ago.

For cron (it is one of settings.ZONA_CRON_COMMANDS) or by hand; the Celery beat schedule in
zona/celery.py runs the same where a beat process runs. The jobs stay, their pages saying the
file was deleted. Running it twice deletes nothing more.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zona.jobs.kinds import purge_results


class Command(BaseCommand):
    help = "Delete job result files older than ZONA_JOB_RESULT_DAYS (the jobs are kept)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None,
            help="Keep files of jobs finished in the last DAYS days (default: the setting).",
        )  # fmt: skip

    def handle(self, *args, days=None, **options):
        days = settings.ZONA_JOB_RESULT_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        purged = purge_results(days)
        self.stdout.write(f"{purged} job(s): files older than {days} day(s) deleted.")
