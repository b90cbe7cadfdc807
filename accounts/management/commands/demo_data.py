from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD

# Each app may ship `<app>/demo.py: load(ctx)`; they run in this order and share `ctx`
# (accounts puts the demo people and organization there for the others).
DEMO_APPS = ["accounts", "tickets", "projects", "ideas", "kb", "plugin", "notifications"]


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print how to log in."

    def handle(self, *args, **options):
        ctx: dict = {}
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                module.load(ctx)
        self.stdout.write(
            self.style.SUCCESS(
                "\nDemo data ready. Log in at http://127.0.0.1:8000/conta/login/\n"
                f"  customer: ana (or ana@acme.example.com)  password: {DEMO_PASSWORD}\n"
                f"  customer: bruno (same company)          password: {DEMO_PASSWORD}\n"
                f"  staff:    equipe  (admin at /admin/)    password: {DEMO_PASSWORD}\n"
                "E-mails are printed by the server to this console.\n"
            )
        )
