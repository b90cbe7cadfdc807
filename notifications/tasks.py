from celery import shared_task
from django.utils import timezone

from portal.queue import enqueue_now

from . import services
from .models import OutboundEmail


@shared_task(bind=True, max_retries=None, ignore_result=True)
def outbox_send(self, email_id: int) -> str:
    """Deliver one outbox row; on an SMTP error retry with the row's backoff."""
    result = services.outbox_deliver(email_id=email_id)
    if result == "retry" and not self.request.is_eager:
        next_attempt_at = (
            OutboundEmail.objects.filter(pk=email_id).values_list("next_attempt_at", flat=True).first()
        )
        countdown = (next_attempt_at - timezone.now()).total_seconds() if next_attempt_at else 60
        raise self.retry(countdown=max(countdown, 0))
    return result


@shared_task(ignore_result=True)
def outbox_sweep() -> int:
    """Re-queue rows still pending (broker was down, worker died, retry due)."""
    ids = services.outbox_due_ids()
    return sum(enqueue_now(outbox_send, pk) for pk in ids)


@shared_task(ignore_result=True)
def notification_emails_send(batch: str) -> int:
    """Fan out the e-mail copies of one notify() call (its batch) to outbox_send."""
    ids = list(
        OutboundEmail.objects.filter(
            notification__batch=batch, status=OutboundEmail.Status.PENDING
        ).values_list("pk", flat=True)
    )
    return sum(enqueue_now(outbox_send, pk) for pk in ids)


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
