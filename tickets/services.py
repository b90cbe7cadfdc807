"""Writes with side effects on tickets: open, reply, change, mark read.

Every function is atomic: the ticket rows, the attachment files and the outgoing e-mails
and notifications are all written, or none is (stored files are removed again when the
transaction fails). Internal notes never produce anything a customer can see.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator

from accounts.models import User
from notifications.messages import in_each_language
from notifications.models import Notification
from notifications.outbox import email_send
from notifications.services import notification_mark_read_for, notify
from portal import page_cache
from portal.attachments import atomic_with_files

from .attachments import store_attachments
from .followers import follower_join_on_reply, followers_notify
from .reply_tokens import reply_address, reply_footer
from .satisfaction import satisfaction_request

if TYPE_CHECKING:
    from plugin.models import Integration
    from projects.models import Project
from .models import Message, Sector, Ticket, TicketChange, TicketRead

logger = logging.getLogger(__name__)

UNCHANGED = object()


def _log_change(ticket: Ticket, actor: User | None, field: str, old: str, new: str, now) -> TicketChange:
    return TicketChange.objects.create(
        ticket=ticket, actor=actor, field=field, old_value=old or "", new_value=new or "", created_at=now
    )


def _set_status(ticket: Ticket, actor: User | None, status: str, now) -> TicketChange | None:
    """Change the status and record it (actor None: the system). Resolved by the team, the
    customer is asked by e-mail how it went (they see the same question on the ticket page)."""
    if status == ticket.status:
        return None
    change = _log_change(ticket, actor, TicketChange.Field.STATUS, ticket.status, status, now)
    ticket.status = status
    if status not in Ticket.OPEN_STATUSES:
        ticket.waiting_since = None
    if status == Ticket.Status.RESOLVED and (actor is None or actor.pk != ticket.customer_id):
        satisfaction_request(ticket=ticket)
    return change


def _admin_url(ticket: Ticket) -> str:
    return settings.SITE_URL + reverse("admin:tickets_ticket_change", args=[ticket.pk])


def _alert_team(
    ticket: Ticket, message: Message, *, template: str, to_email: str, to_user: User | None = None
) -> None:
    if not to_email:
        return
    language = to_user.language if to_user else settings.LANGUAGE_CODE
    with translation.override(language or settings.LANGUAGE_CODE):
        footer = reply_footer(ticket.number)
    email_send(
        to_email=to_email,
        to_user=to_user,
        template=template,
        language=language,
        context={
            "ticket": ticket,
            "message": message,
            "attachments": list(message.attachments.all()),
            "admin_url": _admin_url(ticket),
            "reply_footer": footer,
        },
        reply_to=reply_address(ticket.number),
        thread=_thread(ticket),
    )


def _thread(ticket: Ticket) -> str:
    """The key a ticket e-mail's Message-ID is recorded under: an answer quoting it finds the
    ticket (tickets/inbound.py), as does the signed Reply-To address."""
    return f"ticket:{ticket.pk}"


def _token_message(author: User, client_token) -> Message | None:
    if not client_token:
        return None
    return Message.objects.select_related("ticket").filter(author=author, client_token=client_token).first()


@dataclass(frozen=True)
class Origin:
    """Where a ticket was opened: the channel and, from the plugin, the integration and what
    the customer's system said about the screen (hints for the team)."""

    channel: str = Ticket.Channel.PORTAL
    integration: Integration | None = None
    module: str = ""
    screen: str = ""
    version: str = ""
    url: str = ""


def ticket_open(
    *,
    customer,
    sector: Sector,
    subject: str,
    description: str,
    files: Sequence = (),
    client_token: uuid.UUID | None = None,
    related_to: Ticket | None = None,
    project: Project | None = None,
    origin: Origin = Origin(),  # noqa: B008 - frozen dataclass: immutable default
    opened_by: User | None = None,
) -> Ticket:
    """Open a ticket with its first message and attachments, all or nothing.

    Also records the confirmation e-mail to the customer and the alert to the sector's
    address. `project` must be one the customer sees (the form offers only those). Sending
    the same `client_token` again (a double click) returns the ticket
    the first call created and writes nothing. `opened_by`: the team member who opens it
    on the customer's behalf (phone, e-mail...); the first message is theirs and the
    ticket shows as unread to the customer.
    """
    author = opened_by or customer
    if (existing := _token_message(author, client_token)) is not None:
        return existing.ticket
    try:
        with atomic_with_files() as stored:
            now = timezone.now()
            ticket = Ticket.objects.create(
                customer=customer,
                organization_id=customer.organization_id,
                sector=sector,
                subject=subject,
                related_to=related_to,
                project=project,
                channel=origin.channel,
                integration=origin.integration,
                origin_module=origin.module[:200],
                origin_screen=origin.screen[:200],
                origin_version=origin.version[:100],
                origin_url=origin.url[:500],
                created_at=now,
                last_activity_at=now,
                waiting_since=now,
            )
            message = Message.objects.create(
                ticket=ticket, author=author, body=description, created_at=now, client_token=client_token
            )
            attachments = store_attachments(message, files, stored)
            TicketRead.objects.create(ticket=ticket, user=author, read_at=now)
            if opened_by is not None:
                Ticket.objects.filter(pk=ticket.pk).update(staff_updated_at=now)
                page_cache.touch(organizations=[ticket.organization_id], users=[customer])
                ticket.staff_updated_at = now
            context = {"ticket": ticket, "message": message, "attachments": attachments, "user": customer}
            if customer.email:
                with translation.override(customer.language or settings.LANGUAGE_CODE):
                    context["reply_footer"] = reply_footer(ticket.number)
                email_send(
                    to_email=customer.email,
                    to_user=customer,
                    template="tickets/emails/opened",
                    context=context,
                    reply_to=reply_address(ticket.number),
                    thread=_thread(ticket),
                )
            _alert_team(ticket, message, template="tickets/emails/team_new_ticket", to_email=sector.email)
    except IntegrityError:
        # Two POSTs of the same form raced: the other one won, show its ticket.
        if (existing := _token_message(author, client_token)) is not None:
            return existing.ticket
        raise
    return ticket


def ticket_reply(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    files: Sequence = (),
    client_token: uuid.UUID | None = None,
) -> Message:
    """A customer answers a ticket they see. All or nothing.

    A ticket waiting for the customer, or resolved, goes back to "In progress"; the
    assignee (or, without one, the sector's address) is told by e-mail. Raises
    PermissionDenied when the ticket is closed or not visible to `author`.
    """
    if (existing := _token_message(author, client_token)) is not None:
        return existing
    try:
        with atomic_with_files() as stored:
            ticket = (
                Ticket.objects.select_for_update(of=("self",))
                .select_related("sector", "assignee", "customer")
                .get(pk=ticket.pk)
            )
            if not ticket.can_be_answered_by(author):
                raise PermissionDenied("closed or not visible")
            now = timezone.now()
            message = Message.objects.create(
                ticket=ticket, author=author, body=body, created_at=now, client_token=client_token
            )
            store_attachments(message, files, stored)
            if ticket.status in (Ticket.Status.WAITING_CUSTOMER, Ticket.Status.RESOLVED):
                _set_status(ticket, author, Ticket.Status.IN_PROGRESS, now)
            if ticket.waiting_since is None:
                ticket.waiting_since = now
            ticket.last_activity_at = now
            ticket.save(update_fields=["status", "waiting_since", "last_activity_at"])
            TicketRead.objects.update_or_create(ticket=ticket, user=author, defaults={"read_at": now})
            follower_join_on_reply(ticket=ticket, author=author)
            followers_notify(ticket=ticket, message=message)
            assignee = ticket.assignee if ticket.assignee and ticket.assignee.is_active else None
            _alert_team(
                ticket,
                message,
                template="tickets/emails/team_customer_replied",
                to_email=assignee.email if assignee else ticket.sector.email,
                to_user=assignee,
            )
    except IntegrityError:
        if (existing := _token_message(author, client_token)) is not None:
            return existing
        raise
    return message


def ticket_mark_resolved(*, ticket: Ticket, actor: User) -> bool:
    """The customer says the request is solved. Returns False when it cannot be (closed,
    already resolved) and changes nothing then."""
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update(of=("self",)).get(pk=ticket.pk)
        if not ticket.can_be_resolved_by_customer() or not ticket.can_be_answered_by(actor):
            return False
        now = timezone.now()
        _set_status(ticket, actor, Ticket.Status.RESOLVED, now)
        ticket.last_activity_at = now
        ticket.save(update_fields=["status", "waiting_since", "last_activity_at"])
    return True


def _notify_customer(ticket: Ticket, *, message: Message | None, status_change: TicketChange | None) -> None:
    """Tell the customer about a public reply and/or a status change (the texts are the
    events' in notifications.messages, in the customer's language wherever they read them)."""
    customer = ticket.customer
    params: dict[str, object] = {"number": ticket.display_number, "subject": ticket.subject}
    if status_change is not None:
        params["status"] = in_each_language(lambda: status_change.new_display)
    if message is not None and message.body:
        params["excerpt"] = Truncator(message.body).chars(500)
    # The reply reference closing the e-mail is written in the customer's language.
    with translation.override(customer.language or settings.LANGUAGE_CODE):
        email_footer = reply_footer(ticket.number)
    notify(
        [customer],
        kind=Notification.Kind.TICKET,
        event="ticket_reply" if message is not None else "ticket_changed",
        params=params,
        link=ticket.get_absolute_url(),
        email_footer=email_footer,
        reply_to=reply_address(ticket.number),
        thread=_thread(ticket),
    )


def ticket_staff_update(
    *,
    ticket: Ticket,
    actor: User,
    body: str = "",
    internal: bool = False,
    files: Sequence = (),
    status: str | None = None,
    assignee=UNCHANGED,
    sector: Sector | None = None,
) -> Message | None:
    """The team acts on a ticket: a public reply or an internal note (with attachments),
    and/or a new status, assignee or sector. All or nothing.

    Every change is recorded (who, when, old -> new). A public reply or a status change
    notifies the customer (in the portal and, if they opted in, by e-mail); an internal
    note or an assignee change never reaches the customer. A public reply to a new ticket
    moves it to "In progress" unless another status is given. Returns the message written,
    if any.
    """
    with atomic_with_files() as stored:
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("customer", "sector", "assignee")
            .get(pk=ticket.pk)
        )
        now = timezone.now()
        message = None
        if body.strip() or files:
            message = Message.objects.create(
                ticket=ticket, author=actor, body=body, internal=internal, created_at=now
            )
            store_attachments(message, files, stored)
        public_reply = message is not None and not internal

        public_change = False
        if sector is not None and sector.pk != ticket.sector_id:
            _log_change(ticket, actor, TicketChange.Field.SECTOR, ticket.sector.name, sector.name, now)
            ticket.sector = sector
            public_change = True
        if assignee is not UNCHANGED and (assignee.pk if assignee else None) != ticket.assignee_id:
            _log_change(
                ticket,
                actor,
                TicketChange.Field.ASSIGNEE,
                ticket.assignee.display_name if ticket.assignee else "",
                assignee.display_name if assignee else "",
                now,
            )
            ticket.assignee = assignee
        if status is None and public_reply and ticket.status == Ticket.Status.NEW:
            status = Ticket.Status.IN_PROGRESS
        status_change = _set_status(ticket, actor, status, now) if status else None

        if public_reply:
            ticket.waiting_since = None
        if public_reply or status_change:
            ticket.staff_updated_at = now
        if public_reply or status_change or public_change:
            ticket.last_activity_at = now
        ticket.save()
        if public_reply or status_change:
            _notify_customer(ticket, message=message if public_reply else None, status_change=status_change)
        if public_reply and message is not None:
            followers_notify(ticket=ticket, message=message)
    return message


def ticket_mark_read(*, ticket: Ticket, user: User) -> None:
    """The user has seen the ticket: clears its "unread" marker and the bell's
    notifications that point to it."""
    now = timezone.now()
    read_at = getattr(ticket, "user_read_at", None)  # annotated by selectors.ticket_for_customer
    changed_at = max(filter(None, (ticket.last_activity_at, ticket.staff_updated_at)))
    if read_at is not None and read_at >= changed_at:
        pass  # read since its last change: no write on every visit
    elif not TicketRead.objects.filter(ticket=ticket, user=user).update(read_at=now):
        try:
            with transaction.atomic():
                TicketRead.objects.create(ticket=ticket, user=user, read_at=now)
        except IntegrityError:  # two tabs at once
            pass
    else:
        page_cache.touch(users=[user])
    notification_mark_read_for(user=user, target=ticket)


def ticket_follow_up(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    files: Sequence = (),
    client_token: uuid.UUID | None = None,
    channel: str = Ticket.Channel.PORTAL,
) -> Ticket:
    """A reply on a closed ticket (in the portal or by e-mail): opens a new ticket for
    `author`, same subject and sector (or the default one if that sector is gone), that
    references the closed one. Raises PermissionDenied when `author` cannot see `ticket`.
    Like ticket_open: all or nothing, and a resent form finds the first follow-up."""
    if not author.is_staff and not Ticket.objects.visible_to(author).filter(pk=ticket.pk).exists():
        raise PermissionDenied("not visible")
    sector = ticket.sector if ticket.sector.is_active else Sector.objects.default()
    return ticket_open(
        customer=author,
        sector=sector or ticket.sector,
        subject=ticket.subject,
        description=body,
        files=files,
        client_token=client_token,
        related_to=ticket,
        origin=Origin(channel=channel),
    )
