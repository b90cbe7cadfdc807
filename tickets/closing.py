"""Auto-close: a Resolvido ticket the customer does not answer for TICKET_AUTOCLOSE_DAYS
becomes Fechado, recorded like any other status change (by "the system") and told to the
customer. A customer reply reopens a resolved ticket (services.ticket_reply), so a ticket
still resolved has had no answer since it was resolved."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notify

from .models import Ticket, TicketChange, TicketQuerySet
from .services import _set_status as set_status

logger = logging.getLogger(__name__)


def tickets_due_for_autoclose(*, now: datetime | None = None) -> TicketQuerySet:
    """Resolved tickets whose resolution (the latest change to "Resolvido" in the audit
    trail; the last activity for tickets older than the trail) is TICKET_AUTOCLOSE_DAYS old."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.TICKET_AUTOCLOSE_DAYS)
    resolved_at = (
        TicketChange.objects.filter(
            ticket=OuterRef("pk"), field=TicketChange.Field.STATUS, new_value=Ticket.Status.RESOLVED
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return (
        Ticket.objects.filter(status=Ticket.Status.RESOLVED)
        .annotate(resolved_at=Coalesce(Subquery(resolved_at), F("last_activity_at")))
        .filter(resolved_at__lte=cutoff)
    )


def ticket_autoclose(*, ticket_id: int, now: datetime | None = None) -> bool:
    """Close one ticket if it is still due (checked under a row lock, so a customer reply
    arriving meanwhile wins), record the change and tell the customer. Returns True if it
    was closed; running it twice closes once."""
    now = now or timezone.now()
    with transaction.atomic():
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("customer")
            .filter(pk=ticket_id)
            .first()
        )
        if ticket is None or not tickets_due_for_autoclose(now=now).filter(pk=ticket_id).exists():
            return False
        set_status(ticket, None, Ticket.Status.CLOSED, now)
        ticket.last_activity_at = now
        ticket.staff_updated_at = now
        ticket.save(update_fields=["status", "waiting_since", "last_activity_at", "staff_updated_at"])
        notify(
            [ticket.customer],
            kind=Notification.Kind.TICKET_CLOSED,
            event="ticket_closed",
            params={
                "number": ticket.display_number,
                "subject": ticket.subject,
                "days": settings.TICKET_AUTOCLOSE_DAYS,
            },
            link=ticket.get_absolute_url(),
        )
    return True


def tickets_autoclose(*, now: datetime | None = None) -> int:
    """Close every due ticket, each in its own transaction. Returns how many were closed."""
    now = now or timezone.now()
    ids = list(tickets_due_for_autoclose(now=now).order_by("pk").values_list("pk", flat=True))
    closed = sum(ticket_autoclose(ticket_id=pk, now=now) for pk in ids)
    if closed:
        logger.info("Auto-closed %s resolved tickets", closed)
    return closed
