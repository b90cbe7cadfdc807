"""Followers (Seguidores): colleagues of the customer told of a ticket's public replies.

Who may follow is decided here only (`can_follow`): an active customer of the ticket's
company, other than its owner, who sees the ticket (the company shares its tickets). Another
company's person is refused whatever the caller is (portal form, admin inline, service).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy

from accounts.models import User
from notifications.models import Notification
from notifications.services import notify
from portal import page_cache

from .models import Message, Ticket, TicketFollower

REFUSED = gettext_lazy("Only colleagues of the same company who can see this ticket can follow it.")


def can_follow(*, ticket: Ticket, user: User) -> bool:
    """Whether `user` may follow `ticket`: a colleague (same company) who sees it."""
    if not user.is_active or user.is_staff or user.pk == ticket.customer_id:
        return False
    if not ticket.organization_id or user.organization_id != ticket.organization_id:
        return False
    return Ticket.objects.visible_to(user).filter(pk=ticket.pk).exists()


def follower_add(*, ticket: Ticket, user: User, added_by: User | None) -> TicketFollower:
    """Make `user` follow `ticket` (again, if they had left). Raises ValidationError when
    `user` may not follow it (another company, the owner, staff, cannot see the ticket)."""
    if not can_follow(ticket=ticket, user=user):
        raise ValidationError(REFUSED, code="not_allowed")
    try:
        with transaction.atomic():
            follower, _created = TicketFollower.objects.update_or_create(
                ticket=ticket, user=user, defaults={"is_active": True, "added_by": added_by}
            )
    except IntegrityError:  # the same person added twice at once
        follower = TicketFollower.objects.get(ticket=ticket, user=user)
    return follower


def follower_join_on_reply(*, ticket: Ticket, author: User) -> None:
    """A colleague who writes in a shared ticket follows it, unless they left it before."""
    if author.pk == ticket.customer_id or author.is_staff:
        return
    TicketFollower.objects.get_or_create(ticket=ticket, user=author, defaults={"added_by": author})


def follower_remove(*, ticket: Ticket, user: User) -> bool:
    """`user` stops following `ticket` (idempotent). Returns True if they were following."""
    following = TicketFollower.objects.filter(ticket=ticket, user=user, is_active=True)
    if not following.update(is_active=False):
        return False
    page_cache.touch(organizations=[ticket.organization_id], users=[ticket.customer_id, user.pk])
    return True


def is_following(*, ticket: Ticket, user: User) -> bool:
    return TicketFollower.objects.filter(ticket=ticket, user=user, is_active=True).exists()


def followers_to_notify(*, ticket: Ticket, exclude: tuple[int, ...] = ()):
    """Active followers who still see the ticket (same company, tickets shared)."""
    organization = ticket.organization
    if organization is None or not organization.share_tickets:
        return User.objects.none()
    return (
        User.objects.filter(
            followed_tickets__ticket=ticket,
            followed_tickets__is_active=True,
            is_active=True,
            is_staff=False,
            organization_id=ticket.organization_id,
        )
        .exclude(pk=ticket.customer_id)
        .exclude(pk__in=exclude)
    )


def followers_notify(*, ticket: Ticket, message: Message) -> int:
    """Tell the followers (and, when a colleague wrote, the owner) about a public message,
    each in their language; the author is never told of their own message. Returns how
    many people were notified."""
    recipients = list(followers_to_notify(ticket=ticket, exclude=(message.author_id,)))
    if message.author_id != ticket.customer_id and not message.author.is_staff:
        # A colleague wrote in the customer's ticket: its owner hears of it too.
        recipients.append(ticket.customer)
    return notify(
        recipients,
        kind=Notification.Kind.TICKET,
        event="ticket_reply",
        params={
            "number": ticket.display_number,
            "subject": ticket.subject,
            "author": message.author.display_name,
            "excerpt": Truncator(message.body).chars(500),
        },
        link=ticket.get_absolute_url(),
    )
