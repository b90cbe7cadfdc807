"""Reads that depend on who asks."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from accounts.models import User

from .models import Announcement, Notification


def latest_unread(user: User, limit: int = 5) -> list[Notification]:
    return list(Notification.objects.for_user(user).unread()[:limit])


def notifications_for(user: User, *, status: str = "", kind: str = "") -> QuerySet[Notification]:
    """The user's notifications, newest first; `status` "unread" or "read" and `kind` (one of
    Notification.Kind) filter."""
    notifications = Notification.objects.for_user(user)
    if kind:
        notifications = notifications.filter(kind=kind)
    if status == "unread":
        notifications = notifications.unread()
    elif status == "read":
        notifications = notifications.read()
    return notifications


class Bell:
    """What the bell shows: the unread count and the latest notifications.

    Both come from ONE query (the count is a scalar subquery on each of the latest rows),
    run only when a template first reads them.
    """

    def __init__(self, user: User, limit: int = 5):
        self.user = user
        self.limit = limit

    @cached_property
    def _rows(self) -> list[Notification]:
        unread = (
            Notification.objects.filter(recipient=OuterRef("recipient"), read_at__isnull=True)
            .order_by()
            .values("recipient")
            .annotate(total=Count("pk"))
            .values("total")
        )
        return list(
            Notification.objects.for_user(self.user).annotate(
                unread_total=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))
            )[: self.limit]
        )

    @property
    def latest(self) -> list[Notification]:
        return self._rows

    @property
    def unread_count(self) -> int:
        # No notification at all means nothing unread.
        # unread_total is annotated on every row by the bell's query.
        return getattr(self._rows[0], "unread_total", 0) if self._rows else 0


def bell_for(request) -> Bell:
    """The bell of this request, built once: the context processor and the dashboard's
    "Atividade recente" panel share its single query."""
    if not hasattr(request, "_portal_bell"):
        request._portal_bell = Bell(request.user)
    return request._portal_bell


def announcement_recipients(announcement: Announcement) -> QuerySet:
    """Who an announcement reaches: active customers (never staff, never deactivated
    accounts), narrowed to the chosen companies or people."""
    customers = get_user_model().objects.customers()
    if announcement.audience == Announcement.Audience.ORGANIZATIONS:
        return customers.filter(organization__in=announcement.organizations.values("pk"))
    if announcement.audience == Announcement.Audience.USERS:
        return customers.filter(pk__in=announcement.users.values("pk"))
    return customers
