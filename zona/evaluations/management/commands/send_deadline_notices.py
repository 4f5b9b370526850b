"""Remind those whose move is due of the instansi's internal deadline and the national one,
14, 7 and 1 days before (run daily by `zona_cron`; running it twice sends nothing twice)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from zona.evaluations.notify import deadline_notices


class Command(BaseCommand):
    help = "Notify the people whose step is due before an LKE deadline (14, 7 and 1 days)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to run for (YYYY-MM-DD); default today")

    def handle(self, *args, today=None, **options):
        from datetime import date

        day = date.fromisoformat(today) if today else timezone.localdate()
        created = deadline_notices(day)
        self.stdout.write(f"deadline notifications: {len(created)}")
