from celery import shared_task

from portal.queue import enqueue_now

from . import services

# The outbox's tasks live with the outbox; imported here so Celery's autodiscovery finds them.
from .outbox import notification_emails_send, outbox_send, outbox_sweep  # noqa: F401


@shared_task(ignore_result=True)
def announcement_send(announcement_id: int) -> int | None:
    """Send one team notice; running it twice sends it once."""
    return services.announcement_send(announcement_id=announcement_id)


@shared_task(ignore_result=True)
def announcement_sweep() -> int:
    """Re-queue announcements whose send was requested but never ran (broker was down).

    Safe with the original task still in flight: announcement_send claims `sent_at` in the
    same transaction as the notifications, so only one run ever sends.
    """
    ids = services.announcement_stalled_ids()
    return sum(enqueue_now(announcement_send, pk) for pk in ids)
