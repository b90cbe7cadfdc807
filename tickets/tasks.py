from celery import shared_task

from . import closing


@shared_task(ignore_result=True)
def ticket_autoclose_task() -> int:
    """Hourly (beat): close the resolved tickets nobody answered. Safe to run twice."""
    return closing.tickets_autoclose()
