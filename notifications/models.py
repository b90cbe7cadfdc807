import re
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .markup import render_markdown
from .messages import render
from .validators import is_internal_path, validate_internal_path


class OutboundEmail(models.Model):
    """One e-mail the portal must send: written in the same transaction as its cause.

    A Celery task delivers it (see tasks.outbox_send); a periodic sweep re-queues rows
    still pending, so a broker outage delays mail but never loses it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("skipped (recipient opted out)")

    to_email = models.EmailField(_("to"))
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set for the e-mail copy of an in-portal notification (see services.notify).
    notification = models.ForeignKey(
        "Notification",
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emails",
    )
    # Notification e-mails honour the recipient's opt-in at send time; account e-mails
    # (password reset, first access) always go.
    respect_opt_in = models.BooleanField(_("honours the e-mail opt-in"), default=False)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("plain-text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # While "sending": the worker that claimed the row owns it until then; after that (the
    # worker died) the row may be claimed again.
    lease_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Where answers should go (e.g. a signed per-ticket address the inbound poller reads).
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    # An opaque key the caller chooses (e.g. "ticket:42"): an answer that quotes this e-mail's
    # Message-ID is matched back to it. The outbox itself never reads it.
    thread = models.CharField(_("thread"), max_length=100, blank=True, db_index=True)
    # Sent by a machine, not a person (RFC 3834): auto-responders must not answer it.
    auto_submitted = models.BooleanField(_("automatic answer"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails (outbox)")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self):
        return f"{self.to_email}: {self.subject}"

    @property
    def message_id(self) -> str:
        """The same on every attempt: a message sent twice (a worker died between the SMTP
        send and recording it) arrives as one message that mail programs fold together."""
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        return f"<outbox-{self.pk}.{int(self.created_at.timestamp())}@{domain}>"

    @classmethod
    def from_message_id(cls, message_id: str) -> "OutboundEmail | None":
        """The row that sent `message_id` (as it came back in an In-Reply-To), or None."""
        match = re.fullmatch(r"<?outbox-(\d{1,18})\.\d+@[^>]+>?", message_id.strip())
        if not match:
            return None
        email = cls.objects.filter(pk=int(match[1])).first()
        if email is None or email.message_id.lower() != f"<{message_id.strip().strip('<>')}>".lower():
            return None
        return email

    def as_message(self) -> EmailMultiAlternatives:
        headers = {"X-Portal-Outbox-Id": str(self.pk), "Message-ID": self.message_id}
        if self.auto_submitted:
            headers |= {"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"}
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[self.to_email],
            reply_to=[self.reply_to] if self.reply_to else None,
            headers=headers,
        )
        if self.body_html:
            message.attach_alternative(self.body_html, "text/html")
        return message


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def read(self):
        return self.filter(read_at__isnull=False)


class Notification(models.Model):
    """Something the portal tells one person, shown under the bell.

    Rows are written in bulk by services.notify(); every row of one notify() call shares a
    `batch`, which is how the e-mail (rendered once for all recipients) links to "your"
    notification.
    """

    class Kind(models.TextChoices):
        ANNOUNCEMENT = "announcement", _("Team notice")
        TICKET = "ticket", _("Ticket")
        TICKET_CLOSED = "ticket_closed", _("Ticket closed")
        PROJECT = "project", _("Project")
        PROJECT_UPDATE = "project_update", _("Project update")
        PROJECT_MILESTONE = "project_milestone", _("Project milestone concluded")
        PROJECT_STATUS = "project_status", _("Project status")
        IDEA = "idea", _("Idea")
        IDEA_STATUS = "idea_status", _("Idea status")
        IDEA_COMMENT = "idea_comment", _("Idea comment")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ANNOUNCEMENT)
    # What happened (a key of messages.TEXTS) and its parameters: the text is written when
    # shown, in the reader's language. Empty for the team's notices (typed text) and for
    # notifications stored before events were.
    event = models.CharField(_("event"), max_length=50, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The team's notices as typed; for an event, its text in the portal's default language
    # (what the admin lists and searches, and what shows should the event ever be unknown).
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    # A path inside the portal (e.g. /chamados/1042/), never an outside address.
    link = models.CharField(_("link"), max_length=500, blank=True, validators=[validate_internal_path])
    announcement = models.ForeignKey(
        "Announcement",
        verbose_name=_("team notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    # Indexed by the (batch, recipient) unique constraint.
    batch = models.UUIDField(_("delivery batch"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_latest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["batch", "recipient"], name="notification_once_per_batch"),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return reverse("notifications:detail", args=[self.pk])

    def _text(self) -> tuple[str, str]:
        if not self.event:
            return self.title, self.body
        # A page reads the title and body several times: render once per language.
        cache = self.__dict__.setdefault("_texts", {})
        language = get_language()
        if language not in cache:
            cache[language] = render(self.event, self.params or {}) or (self.title, self.body)
        return cache[language]

    @property
    def display_title(self) -> str:
        """The title in the active language (the reader's); stored text when there is no event."""
        return self._text()[0]

    @property
    def display_body(self) -> str:
        """The body in the active language (the reader's); stored text when there is no event."""
        return self._text()[1]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def safe_link(self) -> str:
        """The link if it is a path inside the portal, else "" (never an open redirect)."""
        return self.link if is_internal_path(self.link) else ""


class AnnouncementQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)


class Announcement(models.Model):
    """Aviso da equipe: one message from staff to many customers.

    Sending it (services.announcement_send) creates one Notification per recipient, once.
    """

    class Audience(models.TextChoices):
        ALL = "all", _("All active customers")
        ORGANIZATIONS = "organizations", _("Customers of the chosen companies")
        USERS = "users", _("Chosen customers")

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Plain text or Markdown: **bold**, *italic*, lists, [link](https://example.com). "
            "HTML is not allowed."
        ),
    )
    link = models.CharField(
        _("link in the portal"),
        max_length=500,
        blank=True,
        validators=[validate_internal_path],
        help_text=_("Optional: a page of the portal the notice points to, for example /projetos/12/."),
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.ALL)
    organizations = models.ManyToManyField(
        "accounts.Organization",
        verbose_name=_("companies"),
        blank=True,
        related_name="+",
        help_text=_("Used when the audience is “Customers of the chosen companies”."),
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customers"),
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": False, "is_active": True},
        help_text=_("Used when the audience is “Chosen customers”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("sending requested at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, db_index=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), null=True, blank=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("team notice")
        verbose_name_plural = _("team notices")

    def __str__(self):
        return self.title

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None

    @property
    def is_locked(self) -> bool:
        """Once sending was requested, what customers receive must not change."""
        return self.queued_at is not None or self.sent_at is not None

    @property
    def body_html(self):
        return render_markdown(self.body)
