from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from accounts import demo as accounts_demo
from accounts.demo import DEMO_PASSWORD
from ideas import demo as ideas_demo
from kb import demo as kb_demo
from notifications import demo as notifications_demo
from plugin import demo as plugin_demo
from projects import demo as projects_demo
from tickets import demo as tickets_demo

# Each section's `demo.py: load(ctx)`, in this order, sharing `ctx` (accounts puts the demo
# people and organization there; the plugin's integration needs the KB's categories;
# notifications come last so the notice reaches everyone).
DEMO_LOADERS = [
    accounts_demo.load,
    tickets_demo.load,
    projects_demo.load,
    ideas_demo.load,
    kb_demo.load,
    plugin_demo.load,
    notifications_demo.load,
]


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print how to log in."

    def handle(self, *args, **options):
        ctx: dict = {}
        with transaction.atomic():
            for load in DEMO_LOADERS:
                load(ctx)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nDemo data ready. Log in at {settings.SITE_URL}{reverse('account_login')}\n"
                f"  customer: ana (or ana@acme.example.com)  password: {DEMO_PASSWORD}\n"
                f"  customer: bruno (same company)          password: {DEMO_PASSWORD}\n"
                f"  staff:    equipe  (admin at /admin/)    password: {DEMO_PASSWORD}\n"
                "E-mails are printed by the server to this console.\n"
            )
        )
