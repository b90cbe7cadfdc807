"""The outbox: the one way the portal sends e-mail. Render in the recipient's language,
record the row in the same transaction as its cause, publish after commit, deliver with
retries and a sweep (at least once, one Message-ID per row). Knows nothing of tickets or
notifications: callers pass the address, the template and its context."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal.queue import enqueue_now, enqueue_on_commit

from .models import OutboundEmail

logger = logging.getLogger(__name__)


def _one_line(text: str) -> str:
    # Subjects are one line even when a ticket title holds CR/LF.
    return " ".join(text.split())[:255]


def recipient_language(stored: str | None, *, fallback: str | None = None) -> str:
    """The language to write to someone in: the one saved on their account when the portal
    offers it, else `fallback`, else the portal's default (pt-BR)."""
    if stored in dict(settings.LANGUAGES):
        return stored
    return fallback or settings.LANGUAGE_CODE


def render_email(template: str, context: dict[str, Any], language: str | None = None):
    """Render <template>_subject.txt, _body.txt and _body.html in `language`."""
    ctx = {"SITE_URL": settings.SITE_URL, "SITE_NAME": settings.SITE_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", ctx)
        body_text = render_to_string(f"{template}_body.txt", ctx)
        body_html = render_to_string(f"{template}_body.html", ctx)
    return _one_line(subject), body_text, body_html


def outbox_enqueue_on_commit(email_ids: list[int]) -> None:
    """Hand the rows to Celery once the transaction that wrote them commits (a broker
    outage is logged, never turned into a failed request; the sweep sends them later)."""
    for pk in email_ids:
        enqueue_on_commit(outbox_send, pk)


def email_record(
    *,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    to_user=None,
    respect_opt_in: bool = False,
    reply_to: str = "",
    thread: str = "",
    auto_submitted: bool = False,
) -> OutboundEmail:
    """Write an already rendered e-mail to the outbox and enqueue it after commit.

    `reply_to` sets the Reply-To header; `thread` is the caller's key for matching answers
    back (see OutboundEmail.from_message_id); `auto_submitted` marks a machine's answer."""
    email = OutboundEmail.objects.create(
        to_email=to_email,
        to_user=to_user,
        respect_opt_in=respect_opt_in,
        reply_to=reply_to,
        thread=thread,
        auto_submitted=auto_submitted,
        subject=_one_line(subject),
        body_text=body_text,
        body_html=body_html,
    )
    outbox_enqueue_on_commit([email.pk])
    return email


def email_send(
    *,
    to_email: str,
    template: str,
    context: dict[str, Any],
    to_user=None,
    language: str | None = None,
    respect_opt_in: bool = False,
    reply_to: str = "",
    thread: str = "",
    auto_submitted: bool = False,
) -> OutboundEmail:
    """Render a templated e-mail in the recipient's language and record it in the outbox."""
    if language is None and to_user is not None:
        language = recipient_language(to_user.language)
    subject, body_text, body_html = render_email(template, context, language)
    return email_record(
        to_email=to_email,
        to_user=to_user,
        respect_opt_in=respect_opt_in,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        reply_to=reply_to,
        thread=thread,
        auto_submitted=auto_submitted,
    )


def outbox_backoff(attempts: int) -> timedelta:
    """1 min, 2, 4, 8... capped at one hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def outbox_lease() -> timedelta:
    """How long a worker owns a row it claimed: longer than any SMTP conversation."""
    return timedelta(seconds=3 * settings.EMAIL_TIMEOUT + 30)


def outbox_deliver(*, email_id: int) -> str:
    """Send one outbox row. Returns "sent", "retry", "failed", "skipped" or "gone".

    The row is claimed first with one conditional UPDATE (pending and due, or a claim whose
    lease ran out because its worker died), so two workers, a task retry and the sweep never
    send it at the same time; no transaction stays open while SMTP talks. A worker that dies
    after the SMTP send and before recording it leaves the row to be sent again when the
    lease ends: at least once, with the same Message-ID.
    """
    now = timezone.now()
    # A few seconds of slack: the task's retry is timed from the same backoff.
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + timedelta(seconds=5))
    claimable = Q(due, status=OutboundEmail.Status.PENDING) | Q(
        status=OutboundEmail.Status.SENDING, lease_until__lt=now
    )
    claimed = OutboundEmail.objects.filter(claimable, pk=email_id).update(
        status=OutboundEmail.Status.SENDING, lease_until=now + outbox_lease()
    )
    if not claimed:
        return "gone"
    email = OutboundEmail.objects.select_related("to_user").get(pk=email_id)
    mine = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.SENDING)
    user = email.to_user
    if email.respect_opt_in and (user is None or not user.email_notifications or not user.is_active):
        mine.update(status=OutboundEmail.Status.SKIPPED, lease_until=None)
        return "skipped"
    attempts = email.attempts + 1
    try:
        email.as_message().send()
    except Exception as exc:
        # SMTP and network errors are the usual case; anything else (a malformed
        # header, a backend bug) is recorded the same way, so a bad row ends as
        # failed after its attempts instead of being re-queued forever.
        last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            mine.update(
                status=OutboundEmail.Status.FAILED, attempts=attempts, last_error=last_error, lease_until=None
            )
            logger.error("Outbox e-mail %s failed for good: %s", email.pk, last_error)
            return "failed"
        mine.update(
            status=OutboundEmail.Status.PENDING,
            attempts=attempts,
            last_error=last_error,
            next_attempt_at=now + outbox_backoff(attempts),
            lease_until=None,
        )
        logger.warning("Outbox e-mail %s failed, will retry: %s", email.pk, last_error)
        return "retry"
    mine.update(
        status=OutboundEmail.Status.SENT, attempts=attempts, sent_at=now, last_error="", lease_until=None
    )
    return "sent"


def outbox_due_ids(*, grace: timedelta = timedelta(minutes=1), limit: int = 500) -> list[int]:
    """Pending rows whose first try should have happened by now or whose retry is due, and
    rows whose sending worker died (lease expired)."""
    now = timezone.now()
    due = Q(next_attempt_at__isnull=True, created_at__lte=now - grace) | Q(next_attempt_at__lte=now)
    abandoned = Q(status=OutboundEmail.Status.SENDING, lease_until__lt=now)  # its worker died
    return list(
        OutboundEmail.objects.filter(Q(due, status=OutboundEmail.Status.PENDING) | abandoned)
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )


# Celery tasks (registered under notifications.tasks.* names: the beat schedule and messages
# already queued keep working).


@shared_task(bind=True, max_retries=None, ignore_result=True, name="notifications.tasks.outbox_send")
def outbox_send(self, email_id: int) -> str:
    """Deliver one outbox row; on an SMTP error retry with the row's backoff."""
    result = outbox_deliver(email_id=email_id)
    if result == "retry" and not self.request.is_eager:
        next_attempt_at = (
            OutboundEmail.objects.filter(pk=email_id).values_list("next_attempt_at", flat=True).first()
        )
        countdown = (next_attempt_at - timezone.now()).total_seconds() if next_attempt_at else 60
        raise self.retry(countdown=max(countdown, 0))
    return result


@shared_task(ignore_result=True, name="notifications.tasks.outbox_sweep")
def outbox_sweep() -> int:
    """Re-queue rows still pending (broker was down, worker died, retry due)."""
    ids = outbox_due_ids()
    return sum(enqueue_now(outbox_send, pk) for pk in ids)


@shared_task(ignore_result=True, name="notifications.tasks.notification_emails_send")
def notification_emails_send(batch: str) -> int:
    """Fan out the e-mail copies of one notify() call (its batch) to outbox_send."""
    ids = list(
        OutboundEmail.objects.filter(
            notification__batch=batch, status=OutboundEmail.Status.PENDING
        ).values_list("pk", flat=True)
    )
    return sum(enqueue_now(outbox_send, pk) for pk in ids)
