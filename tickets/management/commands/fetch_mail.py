from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tickets.mailbox import fetch_mail


class Command(BaseCommand):
    help = "Read the support mailbox (INBOUND_IMAP_URL) once: replies, new tickets (for cron users)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="At most this many messages per run.")

    def handle(self, *args, limit, **options):
        if not settings.INBOUND_IMAP_URL:
            raise CommandError("INBOUND_IMAP_URL is not set.")
        counts = fetch_mail(limit=limit)
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items())) or "no new messages"
        self.stdout.write(summary)
