"""Service targets: how fast the team answers and resolves. A sector may set "answer within
N business hours" (business hours: TICKET_BUSINESS_HOURS, Monday to Friday, in TIME_ZONE); a
ticket waiting on us past that is overdue and highlighted in the admin list."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import Ticket, TicketChange


def business_deadline(start: datetime, hours: int) -> datetime:
    """`start` plus `hours` business hours."""
    opens, closes = settings.TICKET_BUSINESS_HOURS
    current = timezone.localtime(start)
    remaining = timedelta(hours=hours)
    while True:
        day_opens = current.replace(hour=opens, minute=0, second=0, microsecond=0)
        day_closes = current.replace(hour=closes, minute=0, second=0, microsecond=0)
        if current.weekday() >= 5 or current >= day_closes:
            current = day_opens + timedelta(days=1)
            continue
        current = max(current, day_opens)
        if remaining <= day_closes - current:
            return current + remaining
        remaining -= day_closes - current
        current = day_opens + timedelta(days=1)


def answer_due_at(ticket: Ticket) -> datetime | None:
    """When the customer waiting on us should have an answer (None: not waiting, no target)."""
    hours = ticket.sector.answer_within_hours
    if ticket.waiting_since is None or not hours:
        return None
    return business_deadline(ticket.waiting_since, hours)


def is_overdue(ticket: Ticket, now: datetime | None = None) -> bool:
    due = answer_due_at(ticket)
    return due is not None and (now or timezone.now()) > due


def first_response_at(ticket: Ticket) -> datetime | None:
    """The team's first public answer (the first message itself does not count, even when a
    team member wrote it on the customer's behalf)."""
    return (
        ticket.messages.public()
        .filter(author__is_staff=True, created_at__gt=ticket.created_at)
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )


def resolved_at(ticket: Ticket) -> datetime | None:
    """When the ticket was first resolved (or closed without being resolved)."""
    return (
        ticket.changes.filter(
            field=TicketChange.Field.STATUS, new_value__in=[Ticket.Status.RESOLVED, Ticket.Status.CLOSED]
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .first()
    )
