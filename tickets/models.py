from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import BooleanField, Case, F, OuterRef, Q, Subquery, When
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.attachments import PrivateFile, delete_files_on_commit
from portal.i18n import NameInEnglishMixin, name_en_field

# Human-readable ticket numbers start here: the first ticket is #1001.
NUMBER_OFFSET = 1000


def parse_ticket_number(text: str | None) -> int | None:
    """A ticket number as people type it ("1042", "#1042", " # 1042"), or None. ASCII
    digits only ("²" is a digit to str.isdigit, not to int), at most nine of them."""
    value = (text or "").strip().lstrip("#").strip()
    if value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return None


class SectorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def default(self):
        """The default sector (Suporte), or the first active one when none is marked."""
        return self.active().order_by("-is_default", "order", "name").first()


class Sector(NameInEnglishMixin, models.Model):
    """A team that answers tickets (Setor): Suporte, Financeiro, Comercial... Customers see
    its `display_name`: the English name when they read in English and one was given."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = name_en_field()
    email = models.EmailField(
        _("e-mail for new tickets"),
        blank=True,
        help_text=_("New tickets of this sector are announced to this address."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active sectors are offered to customers.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_default = models.BooleanField(
        _("default"), default=False, help_text=_("Preselected in the form that opens a ticket.")
    )
    answer_within_hours = models.PositiveSmallIntegerField(
        _("answer within (business hours)"),
        null=True,
        blank=True,
        help_text=_(
            "Target for answering a customer who waits on us, in business hours (Monday to Friday). "
            "Tickets past it are highlighted in the list. Empty: no target."
        ),
    )

    objects = SectorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="tickets_sector_one_default",
                violation_error_message=_("Only one sector can be the default."),
            )
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.is_default:
                # Marking a sector as default unmarks the previous one.
                Sector.objects.filter(is_default=True).exclude(pk=self.pk).update(is_default=False)
            super().save(*args, **kwargs)


class TicketQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides which tickets a person sees in the customer area.

        A customer sees the tickets they opened and, when their company lets colleagues
        see each other's tickets, the company's tickets. Staff work in the admin; here they
        are treated like anyone else (their own tickets only).
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        mine = Q(customer=user)
        # The company comes with the signed-in person (accounts.sessions): deciding here
        # keeps the company out of the ticket query, so it runs on the tickets' indexes.
        if user.organization_id and user.organization.share_tickets:
            mine |= Q(organization_id=user.organization_id)
        return self.filter(mine)

    def with_unread_for(self, user):
        """Annotate `has_unread`: the team did something the user has not seen yet."""
        read_at = TicketRead.objects.filter(ticket=OuterRef("pk"), user=user).values("read_at")[:1]
        return self.annotate(user_read_at=Subquery(read_at)).annotate(
            has_unread=Case(
                When(staff_updated_at__isnull=True, then=False),
                When(user_read_at__isnull=True, then=True),
                When(staff_updated_at__gt=F("user_read_at"), then=True),
                default=False,
                output_field=BooleanField(),
            )
        )


class Ticket(models.Model):
    """A customer's request to one of our sectors (Chamado), shown as "#1042"."""

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("ticket status", "New")
        IN_PROGRESS = "in_progress", pgettext_lazy("ticket status", "In progress")
        WAITING_CUSTOMER = "waiting_customer", pgettext_lazy("ticket status", "Waiting for customer")
        RESOLVED = "resolved", pgettext_lazy("ticket status", "Resolved")
        CLOSED = "closed", pgettext_lazy("ticket status", "Closed")

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Customer area")
        PLUGIN = "plugin", _("Quick-access plugin")
        EMAIL = "email", _("E-mail")
        PHONE = "phone", _("Phone")
        STAFF = "staff", _("Team")

    # Channels a team member picks when opening a ticket on a customer's behalf.
    ON_BEHALF_CHANNELS = (Channel.PHONE, Channel.EMAIL, Channel.STAFF)

    # Statuses in which the team owes the customer something.
    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS)

    number = models.PositiveIntegerField(_("number"), unique=True, null=True, editable=False)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="tickets",
    )
    # The customer's company when the ticket was opened: colleagues keep seeing it even if
    # the customer later moves to another company.
    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="tickets"
    )
    subject = models.CharField(_("subject"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
        limit_choices_to={"is_staff": True, "is_active": True},
    )
    related_to = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    # The customer's project the request is about (only one they see: checked by the form).
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    # Where the ticket came from. The origin_* fields are what the customer's system said
    # about the screen they were on: hints for the team, never trusted for anything else.
    channel = models.CharField(
        _("channel"), max_length=20, choices=Channel.choices, default=Channel.PORTAL, db_index=True
    )
    integration = models.ForeignKey(
        "plugin.Integration",
        verbose_name=_("integration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    origin_module = models.CharField(_("module"), max_length=200, blank=True)
    origin_screen = models.CharField(_("screen"), max_length=200, blank=True)
    origin_version = models.CharField(_("version"), max_length=100, blank=True)
    origin_url = models.CharField(_("page address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)
    # What the customer sees move: public messages and status changes (never internal notes).
    last_activity_at = models.DateTimeField(_("last update"), default=timezone.now, db_index=True)
    # Last time the team did something the customer sees: drives the "unread" marker.
    staff_updated_at = models.DateTimeField(_("last team update"), null=True, blank=True)
    # Since when the oldest unanswered customer message waits for us (None: not waiting).
    waiting_since = models.DateTimeField(_("waiting on us since"), null=True, blank=True, db_index=True)

    objects = TicketQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-pk"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        # Meus chamados, newest activity first, for one person or (shared) one company.
        indexes = [
            models.Index(
                fields=["customer", "-last_activity_at", "-id"], name="ticket_customer_activity_idx"
            ),
            models.Index(fields=["organization", "-last_activity_at", "-id"], name="ticket_org_activity_idx"),
        ]

    def __str__(self):
        return f"{self.display_number} {self.subject}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.number is None:
            self.number = NUMBER_OFFSET + self.pk
            type(self).objects.filter(pk=self.pk).update(number=self.number)

    def get_absolute_url(self):
        return reverse("tickets:detail", args=[self.number])

    @property
    def status_tone(self) -> str:
        """The colour of its status badge (includes/_status_badge.html)."""
        return {
            self.Status.NEW: "primary",
            self.Status.IN_PROGRESS: "info",
            self.Status.WAITING_CUSTOMER: "warning",
            self.Status.RESOLVED: "success",
        }.get(self.status, "secondary")

    @property
    def display_number(self) -> str:
        return f"#{self.number}" if self.number else "#"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def can_be_answered_by(self, user) -> bool:
        """A customer who sees the ticket may answer it until it is closed."""
        if self.is_closed:
            return False
        return Ticket.objects.visible_to(user).filter(pk=self.pk).exists()

    def can_be_resolved_by_customer(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS, self.Status.WAITING_CUSTOMER)


class MessageQuerySet(models.QuerySet):
    def public(self):
        return self.filter(internal=False)


class Message(models.Model):
    """One entry of a ticket's conversation: a customer message, a team reply or an
    internal note (internal=True), which customers never see."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"), blank=True)
    internal = models.BooleanField(_("internal note"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    # Sent with the form that created the message: a second POST of the same form (a
    # double click) finds the first message instead of writing another.
    client_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()
    # What a conversation entry is (messages and changes are shown in one timeline).
    kind = "message"

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"],
                condition=Q(client_token__isnull=False),
                name="tickets_message_once_per_form",
            )
        ]

    def __str__(self):
        return f"{self.ticket.display_number} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def by_staff(self) -> bool:
        return self.author.is_staff


class Attachment(PrivateFile):
    """A file sent with a message (Anexo), stored privately and served only by a view that
    checks who asks."""

    upload_folder = "tickets"

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def get_absolute_url(self):
        return reverse("tickets:attachment", args=[self.message.ticket.number, self.pk])

    def get_thumbnail_url(self):
        return reverse("tickets:attachment_thumbnail", args=[self.message.ticket.number, self.pk])


class TicketChange(models.Model):
    """One recorded change of a ticket: who, when, which field, old -> new."""

    class Field(models.TextChoices):
        STATUS = "status", _("status")
        ASSIGNEE = "assignee", _("assignee")
        SECTOR = "sector", _("sector")

    SUMMARIES = {
        Field.STATUS: _("%(actor)s changed the status from “%(old)s” to “%(new)s”."),
        Field.ASSIGNEE: _("%(actor)s changed the assignee from “%(old)s” to “%(new)s”."),
        Field.SECTOR: _("%(actor)s moved the ticket from sector “%(old)s” to “%(new)s”."),
    }
    # Changes customers see in the conversation; the rest is for the team only.
    PUBLIC_FIELDS = (Field.STATUS, Field.SECTOR)
    kind = "change"  # in the conversation's timeline, beside messages

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="changes"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    field = models.CharField(_("field"), max_length=20, choices=Field.choices)
    # Status codes for "status"; names as they were for "assignee" and "sector".
    old_value = models.CharField(_("old value"), max_length=200, blank=True)
    new_value = models.CharField(_("new value"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("changed at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ticket change")
        verbose_name_plural = _("ticket changes")

    def __str__(self):
        return f"{self.get_field_display()}: {self.old_display} -> {self.new_display}"

    @property
    def is_public(self) -> bool:
        return self.field in self.PUBLIC_FIELDS

    def _display(self, value: str) -> str:
        if self.field == self.Field.STATUS and value in Ticket.Status.values:
            return Ticket.Status(value).label
        return value or "-"

    @property
    def summary(self) -> str:
        """One sentence for the conversation, in the current language."""
        values = {
            "actor": self.actor.display_name if self.actor else _("The system"),
            "old": self.old_display,
            "new": self.new_display,
        }
        return self.SUMMARIES[self.field] % values

    @property
    def old_display(self) -> str:
        return self._display(self.old_value)

    @property
    def new_display(self) -> str:
        return self._display(self.new_value)


class TicketRead(models.Model):
    """When a person last opened a ticket's page: the list's "unread" marker."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticket", "user"], name="tickets_read_once_per_user")]

    def __str__(self):
        return f"{self.ticket_id}/{self.user_id}: {self.read_at}"


class TicketFollowerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, user__is_active=True)


class TicketFollower(models.Model):
    """A colleague of the customer who follows a ticket (Seguidor): told of its public
    replies. Colleagues who write in a shared ticket follow it, the owner or the team may add
    others of the same company; an unfollowed row stays (is_active=False) so writing again
    does not bring someone back who chose to leave."""

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="followers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="followed_tickets",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("following"), default=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = TicketFollowerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "user"], name="tickets_follower_once_per_ticket")
        ]

    def __str__(self):
        return f"{self.ticket_id}/{self.user_id}"


class Satisfaction(models.Model):
    """The customer's answer to "Como foi o atendimento?" for a resolved ticket: 1 to 5 and
    an optional comment, one per ticket, changeable for a while (TICKET_SATISFACTION_CHANGE_DAYS)."""

    SCORES = [
        (1, pgettext_lazy("satisfaction", "1 - Very bad")),
        (2, pgettext_lazy("satisfaction", "2 - Bad")),
        (3, pgettext_lazy("satisfaction", "3 - Fair")),
        (4, pgettext_lazy("satisfaction", "4 - Good")),
        (5, pgettext_lazy("satisfaction", "5 - Very good")),
    ]

    ticket = models.OneToOneField(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="satisfaction"
    )
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(_("score"), choices=SCORES)
    comment = models.TextField(_("comment"), blank=True)
    # Who answered and in which sector, when it was rated: the summaries stay true even if
    # the ticket moves later.
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("rated at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="tickets_satisfaction_score_1_to_5"
            )
        ]

    def __str__(self):
        return f"{self.ticket_id}: {self.score}"

    @property
    def changeable_until(self):
        return self.created_at + timedelta(days=settings.TICKET_SATISFACTION_CHANGE_DAYS)

    def can_be_changed(self, now=None) -> bool:
        return (now or timezone.now()) < self.changeable_until


class CannedReplyQuerySet(models.QuerySet):
    def for_sector(self, sector_id):
        """The active ready-made answers offered on a ticket of this sector."""
        return self.filter(Q(sector_id=sector_id) | Q(sector__isnull=True), is_active=True)


class CannedReply(models.Model):
    """A ready-made answer (Resposta pronta) the team inserts into a reply: for one sector or,
    without a sector, for all."""

    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"))
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="canned_replies",
        help_text=_("Leave empty to offer it in every sector."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CannedReplyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")

    def __str__(self):
        return self.title


@receiver(post_delete, sender=Attachment)
def _delete_attachment_files(sender, instance, **kwargs):
    # Files go with their row (a deleted ticket leaves nothing behind on disk).
    delete_files_on_commit(instance)


class InboundEmail(models.Model):
    """One e-mail read from the support mailbox, and what the portal did with it.

    The unique `message_id` is written in the same transaction as the effect (a reply, a new
    ticket), so a message delivered twice, or seen by two pollers, or by a poller that died
    before flagging it \\Seen, acts once. Refused and ignored messages stay here for staff.
    """

    class Outcome(models.TextChoices):
        PROCESSING = "processing", _("being processed")
        REPLY = "reply", _("added to a ticket")
        OPENED = "opened", _("opened a ticket")
        FOLLOW_UP = "follow_up", _("opened a follow-up of a closed ticket")
        FORBIDDEN = "forbidden", _("refused: sender may not write on the ticket")
        UNKNOWN_SENDER = "unknown_sender", _("refused: unknown sender")
        AUTOMATIC = "automatic", _("ignored: automatic message")
        EMPTY = "empty", _("ignored: no text and no files")
        TOO_LARGE = "too_large", _("refused: too large")

    REFUSED = (Outcome.FORBIDDEN, Outcome.UNKNOWN_SENDER, Outcome.TOO_LARGE)

    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    from_email = models.EmailField(_("from"), blank=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PROCESSING, db_index=True
    )
    detail = models.TextField(_("detail"), blank=True)
    ticket = models.ForeignKey(
        Ticket,
        verbose_name=_("ticket"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_emails",
    )
    ticket_message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An auto-answer pointing to the portal went to the sender (rate-limited per address).
    answered = models.BooleanField(_("auto-answered"), default=False)
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")

    def __str__(self):
        return f"{self.from_email}: {self.subject}"

    @property
    def is_refused(self) -> bool:
        return self.outcome in self.REFUSED
