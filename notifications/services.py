from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .emails import email_send
from .models import Notification, OutboundEmail

logger = logging.getLogger(__name__)


def outbox_backoff(attempts: int) -> timedelta:
    """1 min, 2, 4, 8... capped at one hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def outbox_deliver(*, email_id: int) -> str:
    """Send one outbox row. Returns "sent", "retry", "failed", "skipped" or "gone".

    Safe to run twice and concurrently: the row is locked while it is sent, and a row
    that is no longer pending is left alone, so one row never becomes two mails.
    """
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("to_user")
            .filter(pk=email_id, status=OutboundEmail.Status.PENDING)
            .first()
        )
        if email is None:
            return "gone"
        now = timezone.now()
        user = email.to_user
        if email.respect_opt_in and (user is None or not user.email_notifications or not user.is_active):
            email.status = OutboundEmail.Status.SKIPPED
            email.save(update_fields=["status"])
            return "skipped"
        email.attempts += 1
        try:
            email.as_message().send()
        except (smtplib.SMTPException, OSError) as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
                result = "failed"
                logger.error("Outbox e-mail %s failed for good: %s", email.pk, email.last_error)
            else:
                email.next_attempt_at = now + outbox_backoff(email.attempts)
                result = "retry"
                logger.warning("Outbox e-mail %s failed, will retry: %s", email.pk, email.last_error)
            email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return result
        email.status = OutboundEmail.Status.SENT
        email.sent_at = now
        email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return "sent"


def outbox_due_ids(*, grace: timedelta = timedelta(minutes=1), limit: int = 500) -> list[int]:
    """Pending rows whose first try should have happened by now, or whose retry is due."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True, created_at__lte=now - grace) | Q(next_attempt_at__lte=now)
    return list(
        OutboundEmail.objects.filter(due, status=OutboundEmail.Status.PENDING)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


def notify(
    recipients,
    *,
    title: str,
    body: str = "",
    link: str = "",
    kind: str = Notification.Kind.ANNOUNCEMENT,
) -> int:
    """Create one in-portal notification per recipient and, for those who opted in,
    record an e-mail in the outbox (same transaction; Celery delivers after commit).

    `recipients`: a queryset or an iterable of users. `link`: a path inside the portal.
    Returns how many notifications were created.
    """
    users = [u for u in recipients if u.is_active]
    with transaction.atomic():
        created = Notification.objects.bulk_create(
            Notification(recipient=u, kind=kind, title=title, body=body, link=link) for u in users
        )
        for notification in created:
            user = notification.recipient
            if user.email and user.email_notifications:
                email_send(
                    to_email=user.email,
                    to_user=user,
                    template="notifications/emails/notification",
                    context={"notification": notification, "user": user},
                    respect_opt_in=True,
                )
    return len(created)
