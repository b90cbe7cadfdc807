"""Reads that depend on who asks. Every customer-facing view goes through these."""

from __future__ import annotations

from itertools import chain

from django.db.models import Prefetch

from accounts.people import Person
from projects.models import Project

from .followers import followers_to_notify
from .models import Attachment, Message, Ticket, TicketChange, TicketQuerySet


def ticket_list(*, user: Person) -> TicketQuerySet:
    """The tickets a person sees in "Meus chamados", newest activity first, with what each
    row shows (sector, who opened it, unread marker) fetched in the same query."""
    return (
        Ticket.objects.visible_to(user)
        .select_related("sector", "customer")
        .with_unread_for(user)
        .order_by("-last_activity_at", "-pk")
    )


def latest_tickets(*, user: Person, limit: int = 5) -> list[Ticket]:
    return list(ticket_list(user=user)[:limit])


def ticket_for_customer(*, user: Person, number: int) -> Ticket | None:
    """The ticket with this number if the user may see it, else None (the view's 404)."""
    return (
        Ticket.objects.visible_to(user)
        .with_unread_for(user)  # ticket_mark_read skips the write when nothing is new
        .select_related("sector", "customer", "related_to", "organization")
        .filter(number=number)
        .first()
    )


def ticket_project(*, ticket: Ticket, user: Person) -> Project | None:
    """The project the ticket is about, if the user sees it (a colleague may see a shared
    ticket without seeing a project restricted to some customers)."""
    if (
        ticket.project_id is None
        or not Project.objects.visible_to(user).filter(pk=ticket.project_id).exists()
    ):
        return None
    return ticket.project


def _messages(ticket: Ticket, *, include_internal: bool):
    messages = ticket.messages.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.order_by("pk"))
    )
    return messages if include_internal else messages.public()


def conversation(*, ticket: Ticket, include_internal: bool = False) -> list[Message | TicketChange]:
    """Messages and recorded changes in time order (two queries plus one for attachments).

    For customers (`include_internal=False`) internal notes and team-only changes
    (assignee) are left out.
    """
    changes = ticket.changes.select_related("actor")
    if not include_internal:
        changes = changes.filter(field__in=TicketChange.PUBLIC_FIELDS)
    entries = chain(_messages(ticket, include_internal=include_internal), changes)
    return sorted(entries, key=lambda entry: (entry.created_at, isinstance(entry, TicketChange)))


def attachment_for_customer(*, user: Person, number: int, attachment_id: int) -> Attachment | None:
    """An attachment of a public message of a ticket the user sees; None otherwise (an
    internal note's file is never found this way)."""
    return (
        Attachment.objects.select_related("message__ticket")
        .filter(
            pk=attachment_id,
            message__internal=False,
            message__ticket__number=number,
            message__ticket__in=Ticket.objects.visible_to(user),
        )
        .first()
    )


def ticket_followers(*, ticket: Ticket):
    """The people who follow a ticket and still see it (shown on its page)."""
    return followers_to_notify(ticket=ticket).order_by("first_name", "last_name", "username")


def follow_ups(*, ticket: Ticket, user: Person) -> list[Ticket]:
    """The follow-up tickets of `ticket` (opened by a reply after it was closed) that the
    user sees, oldest first."""
    return list(Ticket.objects.visible_to(user).filter(related_to=ticket).order_by("pk"))
