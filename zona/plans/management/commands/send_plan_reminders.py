"""`manage.py send_plan_reminders`: e-mail the people in charge of action-plan activities that
are due soon or overdue. Run it from cron or a scheduler, as often as you like (e.g. twice a
day): a reminder already sent is never sent again."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from zona.plans import clock
from zona.plans.reminders import send_reminders


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="The date to act as today (YYYY-MM-DD); default: the real date."
        )
        parser.add_argument(
            "--days-before",
            type=int,
            help="Days before the due date to remind (default: PLAN_REMINDER_DAYS_BEFORE).",
        )
        parser.add_argument(
            "--base-url", default="", help="Start of the links in the e-mails (default: SITE_URL)."
        )

    def handle(self, *args, **options):
        today = clock.today()
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today must be a date as YYYY-MM-DD") from None
        days = options["days_before"]
        if days is not None and days < 0:
            raise CommandError("--days-before cannot be negative")
        outcome = send_reminders(today, days_before=days, base_url=options["base_url"])
        self.stdout.write(f"{today.isoformat()}: {len(outcome.sent)} reminder(s) sent.")
        if outcome.failed:
            ids = ", ".join(str(pk) for pk in outcome.failed)
            self.stderr.write(
                f"Could not send the reminders of activities {ids}; retried next run."
            )
        if outcome.no_address:
            ids = ", ".join(str(pk) for pk in outcome.no_address)
            self.stdout.write(f"No e-mail address for the person in charge of activities {ids}.")
