"""The one way the portal sends e-mail: render, record in the outbox, enqueue on commit."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from portal.queue import enqueue_on_commit

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
    from .tasks import outbox_send

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
) -> OutboundEmail:
    """Write an already rendered e-mail to the outbox and enqueue it after commit."""
    email = OutboundEmail.objects.create(
        to_email=to_email,
        to_user=to_user,
        respect_opt_in=respect_opt_in,
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
    )
