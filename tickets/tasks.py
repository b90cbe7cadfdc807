from celery import shared_task
from django.conf import settings

from . import closing
from .mailbox import fetch_mail as mailbox_fetch


@shared_task(ignore_result=True)
def ticket_autoclose_task() -> int:
    """Hourly (beat): close the resolved tickets nobody answered. Safe to run twice."""
    return closing.tickets_autoclose()


@shared_task(ignore_result=True, name="tickets.tasks.fetch_mail", expires=120)
def fetch_mail() -> dict[str, int]:
    """Read the support mailbox (beat schedule, only when INBOUND_IMAP_URL is set). Two runs
    at once are harmless: each message acts once (tickets/inbound.py)."""
    if not settings.INBOUND_IMAP_URL:
        return {}
    return dict(mailbox_fetch())
