from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models import F, Value
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import User
from portal import page_cache
from portal.queue import enqueue_on_commit

from .markup import markdown_to_text, render_markdown
from .messages import render
from .models import Announcement, Notification, OutboundEmail
from .outbox import notification_emails_send, recipient_language, render_email
from .selectors import announcement_recipients
from .validators import is_internal_path

logger = logging.getLogger(__name__)


NOTIFICATION_EMAIL_TEMPLATE = "notifications/emails/notification"


def _active_recipient_ids(recipients) -> models.QuerySet | None:
    """The recipients as a subquery of active users' ids (None when there is nobody)."""
    User = get_user_model()
    ids: models.QuerySet | list[int]
    if isinstance(recipients, models.QuerySet):
        if recipients.model is not User:
            raise TypeError("notify() recipients must be users")
        ids = recipients.values("pk")
    else:
        ids = [user.pk for user in recipients]
        if not ids:
            return None
    return User.objects.filter(pk__in=ids, is_active=True).values("pk")


def _insert_select(model, columns: list[str], rows: models.QuerySet, returning: str = "") -> list:
    """INSERT INTO <model> (<columns>) SELECT ...: the database writes every row in one
    statement, whatever their number (bulk_create would split into batches on SQLite).
    `rows` is a values_list() whose expressions line up with `columns`. Returns the
    `returning` column of each row written (PostgreSQL and SQLite), else one None per row."""
    quote = connection.ops.quote_name
    try:
        select_sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # e.g. recipients filtered by an empty list of ids
        return []
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) {select_sql}"  # noqa: S608
    if returning:
        sql += f" RETURNING {quote(model._meta.get_field(returning).column)}"
    with connection.cursor() as cursor:
        # Table and column names come from the models, every value is a parameter.
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()] if returning else [None] * cursor.rowcount


def _const(model, field_name: str, value) -> Value:
    """A constant for an INSERT ... SELECT, prepared for the database like the field would."""
    return Value(value, output_field=model._meta.get_field(field_name))


def notify(
    recipients,
    *,
    kind: str,
    event: str = "",
    params: dict | None = None,
    title: str = "",
    body: str = "",
    link: str = "",
    email: bool = True,
    announcement: Announcement | None = None,
    reply_to: str = "",
    thread: str = "",
    email_footer: str = "",
) -> int:
    """Create one in-portal notification per active recipient and, for each one with
    e-mail notifications on, record an e-mail in the outbox: same transaction, and Celery
    delivers after commit (the outbox re-checks the opt-in at send time).

    `recipients`: a queryset or an iterable of users (duplicates count once). `link`: a path
    inside the portal such as "/chamados/1042/" (anything else raises ValueError).

    What it says: either an `event` of messages.TEXTS with its `params` (JSON values; a
    translatable label as messages.in_each_language(...)), written in each reader's language
    when shown and in each recipient's language in the e-mail; or, for text the team typed
    (announcements), a `title` and `body` shown as given. An unknown event, or params its
    title cannot use, raise ValueError.
    `email=False` skips the e-mail copies. `reply_to` and `thread` are set on the e-mail copies
    (see OutboundEmail); `email_footer` is a last line of their text (e.g. a reply reference).

    The cost does not grow with the audience: the notifications are one INSERT ... SELECT,
    and the e-mails are rendered once per language and written with one INSERT ... SELECT
    each (their link resolves to "my notification" for whoever opens it). Returns how many
    notifications were created.
    """
    if link and not is_internal_path(link):
        raise ValueError(f"notify() link must be a path inside the portal, got {link!r}")
    params = dict(params or {})
    if event:
        # The default language's text is kept on the row for the admin (see the model).
        with translation.override(settings.LANGUAGE_CODE):
            text = render(event, params)
        if text is None:
            raise ValueError(f"notify() got an unknown event or missing params: {event!r}, {params!r}")
        title, body = text
    ids = _active_recipient_ids(recipients)
    if ids is None:
        return 0
    batch = uuid.uuid4()
    now = timezone.now()
    title = " ".join(str(title).split())[: Notification._meta.get_field("title").max_length]
    body = str(body)
    rows = (
        get_user_model()
        .objects.filter(pk__in=ids)
        .values_list(
            F("pk"),
            _const(Notification, "kind", str(kind)),
            _const(Notification, "event", event),
            _const(Notification, "params", params),
            _const(Notification, "title", title),
            _const(Notification, "body", body),
            _const(Notification, "link", link),
            _const(Notification, "announcement", announcement.pk if announcement else None),
            _const(Notification, "batch", batch),
            _const(Notification, "created_at", now),
        )
    )
    columns = ["recipient", "kind", "event", "params", "title", "body", "link", "announcement", "batch"]
    columns += ["created_at"]
    with transaction.atomic():
        recipients_notified = _insert_select(Notification, columns, rows, returning="recipient")
        created = len(recipients_notified)
        # Their bell and pages change: a few readers each, or everyone's at once for a notice
        # to a whole audience (cheaper than thousands of keys).
        if created > 500:
            page_cache.touch(everyone=True)
        else:
            page_cache.touch(users=recipients_notified)
        if created and email:
            _record_emails(
                batch=batch,
                now=now,
                notification=Notification(
                    title=title, body=body, link=link, kind=kind, event=event, params=params
                ),
                announcement=announcement,
                extra={"reply_to": reply_to, "thread": thread, "email_footer": email_footer},
            )
    return created


def _record_emails(
    *, batch: uuid.UUID, now, notification: Notification, announcement, extra: dict[str, str]
) -> None:
    """The e-mail copies of one notify() call: one render and one INSERT ... SELECT per language."""
    opted_in = Notification.objects.filter(
        batch=batch, recipient__is_active=True, recipient__email_notifications=True
    ).exclude(recipient__email="")
    stored_languages = opted_in.order_by().values_list("recipient__language", flat=True).distinct()
    by_language: dict[str, list[str]] = defaultdict(list)
    for stored in stored_languages:
        by_language[recipient_language(stored)].append(stored)

    context = {
        "notification": notification,
        "body_html": render_markdown(announcement.body, base_url=settings.SITE_URL) if announcement else "",
        "notification_url": settings.SITE_URL + reverse("notifications:by_batch", args=[batch]),
        "profile_url": settings.SITE_URL + reverse("accounts:profile"),
        "email_footer": extra["email_footer"],
    }
    columns = ["to_email", "to_user", "notification", "respect_opt_in", "subject", "body_text"]
    columns += ["body_html", "status", "attempts", "last_error", "created_at"]
    columns += ["reply_to", "thread", "auto_submitted"]
    for language, stored_values in by_language.items():
        subject, body_text, body_html = render_email(NOTIFICATION_EMAIL_TEMPLATE, context, language)
        rows = opted_in.filter(recipient__language__in=stored_values).values_list(
            F("recipient__email"),
            F("recipient_id"),
            F("pk"),
            _const(OutboundEmail, "respect_opt_in", True),
            _const(OutboundEmail, "subject", subject),
            _const(OutboundEmail, "body_text", body_text),
            _const(OutboundEmail, "body_html", body_html),
            _const(OutboundEmail, "status", OutboundEmail.Status.PENDING.value),
            _const(OutboundEmail, "attempts", 0),
            _const(OutboundEmail, "last_error", ""),
            _const(OutboundEmail, "created_at", now),
            _const(OutboundEmail, "reply_to", extra["reply_to"]),
            _const(OutboundEmail, "thread", extra["thread"]),
            _const(OutboundEmail, "auto_submitted", False),
        )
        _insert_select(OutboundEmail, columns, rows)

    if by_language:
        # One message to the broker for the whole batch; it fans out to outbox_send per row.
        enqueue_on_commit(notification_emails_send, str(batch))


def notification_mark_read(*, notification: Notification) -> bool:
    """Mark one notification read (idempotent). Returns True if it was unread."""
    now = timezone.now()
    updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    if updated:
        notification.read_at = now
        page_cache.touch(users=[notification.recipient_id])
    return bool(updated)


def notification_mark_read_for(*, user: User, target=None, link: str = "") -> int:
    """The one rule for "read": opening something marks `user`'s unread notifications about
    it read, however they got there (bell, e-mail link, a list). "About it": the notification
    links to its page (`target.get_absolute_url()`, or `link`), or a place on it such as
    "#update-7" or "?page=2". Returns how many changed."""
    path = target.get_absolute_url() if target is not None else link
    if not path:
        return 0
    about = (
        models.Q(link=path) | models.Q(link__startswith=f"{path}#") | models.Q(link__startswith=f"{path}?")
    )
    changed = Notification.objects.for_user(user).unread().filter(about).update(read_at=timezone.now())
    if changed:
        page_cache.touch(users=[user])
    return changed


def notification_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read. Returns how many changed."""
    changed = Notification.objects.for_user(user).unread().update(read_at=timezone.now())
    if changed:
        page_cache.touch(users=[user])
    return changed


def announcement_request_send(*, announcement_ids: Iterable[int]) -> list[int]:
    """Queue the unsent announcements among `announcement_ids` for sending (Celery).

    Returns the ids queued. Asking twice is harmless: the task sends each announcement
    at most once (see announcement_send), so a double click never sends twice.
    """
    with transaction.atomic():
        ids = list(
            Announcement.objects.unsent().filter(pk__in=list(announcement_ids)).values_list("pk", flat=True)
        )
        Announcement.objects.filter(pk__in=ids, queued_at__isnull=True).update(queued_at=timezone.now())
        for pk in ids:
            # By name: the task module imports this one, not the other way round.
            enqueue_on_commit("notifications.tasks.announcement_send", pk)
    return ids


def announcement_send(*, announcement_id: int) -> int | None:
    """Send one announcement: a notification (and an opted-in e-mail) for each recipient.

    Exactly once: `sent_at` is claimed with a conditional UPDATE in the same transaction
    as the notifications, so a second run (double click, task retried, two workers) finds
    it taken and does nothing. Returns the number of recipients, or None if it was
    already sent (or no longer exists).
    """
    with transaction.atomic():
        now = timezone.now()
        claimed = Announcement.objects.filter(pk=announcement_id, sent_at__isnull=True).update(sent_at=now)
        if not claimed:
            return None
        announcement = Announcement.objects.get(pk=announcement_id)
        count = notify(
            announcement_recipients(announcement),
            title=announcement.title,
            body=markdown_to_text(announcement.body),
            link=announcement.link,
            kind=Notification.Kind.ANNOUNCEMENT,
            announcement=announcement,
        )
        Announcement.objects.filter(pk=announcement_id).update(
            recipients_count=count, queued_at=announcement.queued_at or now
        )
    logger.info("Announcement %s sent to %s recipients", announcement_id, count)
    return count


def announcement_stalled_ids(*, grace: timedelta = timedelta(minutes=5)) -> list[int]:
    """Announcements queued more than `grace` ago and still unsent."""
    cutoff = timezone.now() - grace
    return list(Announcement.objects.unsent().filter(queued_at__lte=cutoff).values_list("pk", flat=True))
