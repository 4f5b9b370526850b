"""The daily digest of notifications (run by `zona_cron` every morning), and a second try for
immediate e-mails that failed. Running it twice sends nothing twice."""

from django.core.management.base import BaseCommand

from zona.notifications.delivery import send_digests


class Command(BaseCommand):
    help = "E-mail each person who chose the daily digest their new notifications."

    def handle(self, *args, **options):
        counts = send_digests()
        self.stdout.write(f"notification e-mails: {counts['sent']} sent, {counts['failed']} failed")
