"""Satisfaction (CSAT): "Como foi o atendimento?" once a ticket is resolved.

The customer who opened the ticket is asked in the portal (on the ticket page) and by e-mail.
The e-mail's links only open the rating page (signed in as the ticket's customer); the rating
is recorded by that page's POST, never by a GET, so mail scanners that follow links record
nothing. One rating per ticket, changeable for TICKET_SATISFACTION_CHANGE_DAYS.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.outbox import email_send

from .models import Satisfaction, Ticket

# Statuses in which the customer may rate (or change a rating).
RATEABLE_STATUSES = (Ticket.Status.RESOLVED, Ticket.Status.CLOSED)


def rate_url(ticket: Ticket, score: int | None = None) -> str:
    url = settings.SITE_URL + reverse("tickets:rate", args=[ticket.number])
    return f"{url}?nota={score}" if score else url


def satisfaction_request(*, ticket: Ticket) -> None:
    """Ask the customer by e-mail how the support went (once the ticket is resolved), unless
    they rated it already. The e-mail honours their opt-in for notification e-mails."""
    customer = ticket.customer
    if not customer.email or not customer.is_active or Satisfaction.objects.filter(ticket=ticket).exists():
        return
    email_send(
        to_email=customer.email,
        to_user=customer,
        template="tickets/emails/satisfaction",
        respect_opt_in=True,
        context={
            "ticket": ticket,
            "user": customer,
            "rate_url": rate_url(ticket),
            "score_links": [(score, label, rate_url(ticket, score)) for score, label in Satisfaction.SCORES],
        },
    )


def can_rate(*, ticket: Ticket, user: User) -> bool:
    """Only the customer who opened the ticket rates it, once it is resolved or closed."""
    return ticket.customer_id == user.pk and ticket.status in RATEABLE_STATUSES


def satisfaction_rate(*, ticket: Ticket, customer: User, score: int, comment: str = "") -> Satisfaction:
    """Record (or change, within the allowed days) the customer's rating of a ticket.

    One row per ticket, held by the database; two submissions at once leave one rating.
    Raises PermissionDenied when the customer may not rate it or the rating can no longer
    be changed.
    """
    if not can_rate(ticket=ticket, user=customer):
        raise PermissionDenied("not rateable")
    now = timezone.now()
    with transaction.atomic():
        existing = Satisfaction.objects.select_for_update().filter(ticket=ticket).first()
        if existing is not None:
            if not existing.can_be_changed(now):
                raise PermissionDenied("too late to change")
            existing.score = score
            existing.comment = comment
            existing.updated_at = now
            existing.save(update_fields=["score", "comment", "updated_at"])
            return existing
        try:
            with transaction.atomic():
                return Satisfaction.objects.create(
                    ticket=ticket,
                    customer=customer,
                    score=score,
                    comment=comment,
                    sector_id=ticket.sector_id,
                    assignee_id=ticket.assignee_id,
                    created_at=now,
                    updated_at=now,
                )
        except IntegrityError:
            # A second tab won the race: this answer becomes a change of that rating.
            pass
    return satisfaction_rate(ticket=ticket, customer=customer, score=score, comment=comment)


def satisfaction_summary(ratings: QuerySet[Satisfaction], *, by: str) -> list[dict]:
    """Per sector (`by="sector"`) or per assignee (`by="assignee"`): how many ratings, the
    average score and the share of satisfied customers (4 or 5), best first."""
    field = {"sector": "sector__name", "assignee": "assignee__username"}[by]
    rows = (
        ratings.order_by()
        .values(field, *(["assignee__first_name", "assignee__last_name"] if by == "assignee" else []))
        .annotate(count=Count("pk"), average=Avg("score"), satisfied=Count("pk", filter=Q(score__gte=4)))
        .order_by("-average", field)
    )
    summary = []
    for row in rows:
        if by == "assignee":
            full = f"{row['assignee__first_name']} {row['assignee__last_name']}".strip()
            name = full or row[field]
        else:
            name = row[field]
        summary.append(
            {
                "name": name or (_("No assignee") if by == "assignee" else _("No sector")),
                "count": row["count"],
                "average": row["average"],
                "satisfied_percent": round(100 * row["satisfied"] / row["count"]) if row["count"] else 0,
            }
        )
    return summary
