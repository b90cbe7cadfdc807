from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminRadioSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kb import search as kb_search
from portal.attachments import attachment_response
from portal.forms import MultipleFileField, files_help_text

from . import followers, selectors, services, sla
from .forms import followable_colleagues
from .models import (
    Attachment,
    CannedReply,
    InboundEmail,
    Satisfaction,
    Sector,
    Ticket,
    parse_ticket_number,
)
from .satisfaction import satisfaction_summary

KB_SUGGESTIONS = 5


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "email", "answer_within_hours", "is_active", "order", "is_default"]
    list_editable = ["is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "email"]


class CannedReplySelect(forms.Select):
    """The canned replies of the ticket's sector with an "Insert" button: the button posts the
    form and the server adds the text to the message (tickets_admin.js inserts it in place,
    without a round trip, when JavaScript runs)."""

    template_name = "tickets/admin/canned_reply_select.html"

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-body"] = instance.body
        return option


class TicketAdminForm(forms.ModelForm):
    """The ticket's change page: one form for a public reply or an internal note (with
    attachments) plus status, assignee and sector. Only what the member actually changed
    is applied: the hidden initial values detect it, so a customer's reply that arrived
    meanwhile is not silently overwritten."""

    PUBLIC = "public"
    INTERNAL = "internal"

    reply_body = forms.CharField(
        label=_("Message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 90}),
    )
    reply_visibility = forms.ChoiceField(
        label=_("Send as"),
        choices=[
            (PUBLIC, _("Public reply (the customer sees it and is notified)")),
            (INTERNAL, _("Internal note (team only, never shown to the customer)")),
        ],
        initial=PUBLIC,
        # The admin's own radio list (labels as wide as their text, not the 160 px field labels).
        widget=AdminRadioSelect(attrs={"class": "radiolist"}),
    )
    reply_files = MultipleFileField(label=_("Attachments"))
    canned_reply = forms.ModelChoiceField(
        label=_("Canned reply"),
        queryset=CannedReply.objects.none(),
        required=False,
        widget=CannedReplySelect,
        help_text=_("Adds the chosen text to the message above, to review before sending."),
    )
    add_follower = forms.ModelChoiceField(
        label=_("Add follower"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("A colleague of the customer (same company) to be told of public replies."),
    )
    # The newest message the member saw; rendered by the template, not in a fieldset.
    seen_message = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Ticket
        fields = ["status", "assignee", "sector"]

    INSERT_CANNED = "_insert_canned"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.insert_requested = self.canned_inserted = False
        if self.instance.pk and "add_follower" in self.fields:
            self.fields["add_follower"].queryset = followable_colleagues(self.instance)
            self.fields["add_follower"].label_from_instance = _customer_label
        if self.instance.pk and "canned_reply" in self.fields:
            canned = CannedReply.objects.for_sector(self.instance.sector_id)
            self.fields["canned_reply"].queryset = canned
            if self.is_bound and self.INSERT_CANNED in self.data:
                self._insert_canned(canned)
        self.fields["reply_files"].help_text = files_help_text()
        for name in ("status", "assignee", "sector"):
            if name in self.fields:
                self.fields[name].show_hidden_initial = True
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)
        if "status" in self.fields:
            self.fields["status"].help_text = _("A public reply moves a new ticket to “In progress”.")

    def _insert_canned(self, canned) -> None:
        """ "Insert" was pressed (no JavaScript): add the text to the message and show the form
        again instead of saving (clean() stops the save)."""
        self.insert_requested = True
        raw = self.data.get("canned_reply", "")
        choice = canned.filter(pk=raw).first() if raw.isdigit() else None
        if choice is None:
            return
        data = self.data.copy()
        current = data.get("reply_body", "").rstrip()
        data["reply_body"] = f"{current}\n\n{choice.body}" if current else choice.body
        data["canned_reply"] = ""
        self.data = data
        self.canned_inserted = True

    def clean(self):
        cleaned = super().clean()
        person = cleaned.get("add_follower")
        if person is not None and not followers.can_follow(ticket=self.instance, user=person):
            self.add_error("add_follower", followers.REFUSED)
        if self.insert_requested:
            # Never saves: the member reviews the text and presses "Save" to send it.
            if self.canned_inserted:
                message = _("The canned reply was added to the message: review it and send.")
            else:
                message = _("Choose a canned reply to insert.")
            raise forms.ValidationError(message, code="canned_reply")
        seen = cleaned.get("seen_message")
        body = (cleaned.get("reply_body") or "").strip()
        if (
            self.instance.pk
            and seen is not None
            and (body or cleaned.get("reply_files"))
            and cleaned.get("reply_visibility") == self.PUBLIC
            and self.instance.messages.public().filter(pk__gt=seen).exists()
        ):
            raise forms.ValidationError(
                _("New messages arrived while you were writing. Read them above and send your reply again."),
                code="stale",
            )
        return cleaned


class TicketOnBehalfForm(forms.ModelForm):
    """A team member opens a ticket for a customer who called, wrote or came by: the same
    service as the customer area (the customer gets the usual confirmation)."""

    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 90}),
        help_text=_("What the customer asked, in their words. It is shown to them as written by you."),
    )
    files = MultipleFileField(label=_("Attachments"))

    class Meta:
        model = Ticket
        fields = ["customer", "channel", "sector", "subject"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = files_help_text()
        customer = self.fields["customer"]
        customer.queryset = (
            get_user_model()
            .objects.filter(is_active=True, is_staff=False)
            .select_related("organization")
            .order_by("first_name", "last_name", "username")
        )
        customer.label_from_instance = _customer_label
        channel = self.fields["channel"]
        channel.choices = [(value, Ticket.Channel(value).label) for value in Ticket.ON_BEHALF_CHANNELS]
        channel.initial = Ticket.Channel.PHONE
        self.fields["sector"].queryset = Sector.objects.active()
        self.fields["sector"].initial = Sector.objects.default()


def _duration(start, end=None) -> str:
    """ "2 hours, 15 minutes" from `start` to `end` (now); under a minute "less than a minute"
    where Django's timesince says "0 minutes" ("0 minuto" in pt-BR)."""
    end = end or timezone.now()
    if (end - start).total_seconds() < 60:
        return str(_("less than a minute"))
    return timesince(start, end)


def _elapsed(start, end) -> str:
    """ "2 hours, 15 minutes (02/03/2026 12:15)", or "-" when it has not happened."""
    if end is None:
        return "-"
    when = formats.date_format(timezone.localtime(end), "SHORT_DATETIME_FORMAT")
    return f"{_duration(start, end)} ({when})"


def _customer_label(user) -> str:
    company = f" · {user.organization.name}" if user.organization_id else ""
    return f"{user.display_name} <{user.email}>{company}"


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting on us")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(waiting_since__isnull=False).order_by("waiting_since")
        if self.value() == "no":
            return queryset.filter(waiting_since__isnull=True)
        return queryset


# Shown read-only under "Details" on the change page.
DETAIL_FIELDS = [
    "number_display",
    "subject",
    "customer",
    "organization",
    "created_at",
    "last_activity_at",
    "waiting_display",
    "first_response_display",
    "resolution_display",
    "related_to",
    "project",
    "satisfaction_display",
]
# Where the ticket came from (the plugin says which system, module and screen).
ORIGIN_FIELDS = ["channel", "integration", "origin_module", "origin_screen", "origin_version", "origin_url"]


@admin.register(Ticket)
class TicketAdmin(admin.ModelAdmin):
    form = TicketAdminForm
    change_form_template = "tickets/admin/change_form.html"
    # The customer page only shows tickets to the people who may see them (not the team).
    view_on_site = False
    list_display = [
        "number_display",
        "subject",
        "customer_display",
        "sector",
        "status",
        "assignee",
        "last_activity_display",
        "waiting_display",
        "satisfaction_score",
    ]
    list_display_links = ["number_display", "subject"]
    list_filter = [
        "status",
        WaitingFilter,
        "sector",
        "channel",
        ("integration", admin.RelatedOnlyFieldListFilter),
        ("assignee", admin.RelatedOnlyFieldListFilter),
        ("organization", admin.RelatedOnlyFieldListFilter),
        ("customer", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["customer", "organization", "sector", "assignee", "satisfaction"]
    search_fields = [
        "subject",
        "customer__first_name",
        "customer__last_name",
        "customer__email",
        "customer__username",
    ]
    search_help_text = _("Number (1042 or #1042), subject, customer's name or e-mail.")
    date_hierarchy = "created_at"
    actions = ["assign_to_me", "mark_resolved", "close_tickets"]
    readonly_fields = [*DETAIL_FIELDS, *ORIGIN_FIELDS, "followers_display"]
    fieldsets = [
        (_("Reply"), {"fields": ["reply_body", "canned_reply", "reply_visibility", "reply_files"]}),
        (None, {"fields": ["status", "assignee", "sector"]}),
        (_("Followers"), {"fields": ["followers_display", "add_follower"]}),
        (
            _("Details"),
            {"fields": DETAIL_FIELDS},
        ),
        (_("Origin"), {"fields": ORIGIN_FIELDS}),
    ]

    add_fieldsets = [
        (
            _("Open a ticket on behalf of a customer"),
            {"fields": ["customer", "channel", "sector", "subject", "description", "files"]},
        )
    ]

    class Media:
        css = {"all": ["css/tickets_admin.css"]}
        js = ["js/tickets_admin.js"]

    @admin.display(description=_("satisfaction"), ordering="satisfaction__score")
    def satisfaction_score(self, obj):
        rating = getattr(obj, "satisfaction", None)
        return f"{rating.score}/5" if rating else "-"

    @admin.display(description=_("satisfaction rating"))
    def satisfaction_display(self, obj):
        rating = getattr(obj, "satisfaction", None)
        if rating is None:
            return "-"
        text = f"{rating.get_score_display()} ({formats.date_format(rating.updated_at, 'SHORT_DATE_FORMAT')})"
        return f"{text}: {rating.comment}" if rating.comment else text

    @admin.display(description=_("followers"))
    def followers_display(self, obj):
        people = selectors.ticket_followers(ticket=obj)
        return ", ".join(f"{person.display_name} <{person.email}>" for person in people) or "-"

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        fieldsets = self.fieldsets
        if not CannedReply.objects.for_sector(obj.sector_id).exists():
            fieldsets = [
                (name, {**options, "fields": [f for f in options["fields"] if f != "canned_reply"]})
                for name, options in fieldsets
            ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    @admin.display(description=_("number"), ordering="number")
    def number_display(self, obj):
        return obj.display_number

    @admin.display(description=_("customer"), ordering="customer__first_name")
    def customer_display(self, obj):
        """The customer with their company under the name: one column instead of two."""
        if not obj.organization_id:
            return obj.customer.display_name
        return format_html(
            '{}<span class="ticket-customer-company">{}</span>',
            obj.customer.display_name,
            obj.organization.name,
        )

    @admin.display(description=_("last update"), ordering="last_activity_at")
    def last_activity_display(self, obj):
        # The short form ("02/12/2026 11:42"): the long one takes a quarter of a 1280 px list.
        return formats.date_format(timezone.localtime(obj.last_activity_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("waiting on us since"), ordering="waiting_since")
    def waiting_display(self, obj):
        if not obj.waiting_since:
            return "-"
        since = formats.date_format(timezone.localtime(obj.waiting_since), "SHORT_DATETIME_FORMAT")
        text = f"{since} ({_duration(obj.waiting_since)})"
        if sla.is_overdue(obj):
            due = formats.date_format(timezone.localtime(sla.answer_due_at(obj)), "SHORT_DATETIME_FORMAT")
            return format_html(
                '<span class="ticket-overdue" data-testid="overdue">{} · {}</span>',
                text,
                _("overdue since %(due)s") % {"due": due},
            )
        return text

    @admin.display(description=_("first answer"))
    def first_response_display(self, obj):
        return _elapsed(obj.created_at, sla.first_response_at(obj))

    @admin.display(description=_("resolved in"))
    def resolution_display(self, obj):
        return _elapsed(obj.created_at, sla.resolved_at(obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = TicketOnBehalfForm
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in ("assignee", "sector"):
            widget = form.base_fields[name].widget if name in form.base_fields else None
            if widget is not None and hasattr(widget, "can_add_related"):
                # Picking from the list is enough here; users and sectors are edited elsewhere.
                widget.can_add_related = widget.can_change_related = False
                widget.can_delete_related = widget.can_view_related = False
        return form

    def get_search_results(self, request, queryset, search_term):
        base = queryset
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if (number := parse_ticket_number(search_term)) is not None:
            queryset = queryset | base.filter(number=number)
        return queryset, may_have_duplicates

    def get_urls(self):
        return [
            path(
                "<int:object_id>/attachments/<int:pk>/",
                self.admin_site.admin_view(self.attachment_view),
                name="tickets_ticket_attachment",
            ),
            path(
                "<int:object_id>/attachments/<int:pk>/thumbnail/",
                self.admin_site.admin_view(self.attachment_view),
                {"thumbnail": True},
                name="tickets_ticket_attachment_thumbnail",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, object_id, pk, thumbnail=False):
        if not self.has_view_permission(request):
            raise PermissionDenied
        attachment = get_object_or_404(Attachment, pk=pk, message__ticket_id=object_id)
        return attachment_response(attachment, thumbnail=thumbnail)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = getattr(context.get("adminform"), "form", None)
        if getattr(form, "insert_requested", False):
            # "Insert" of a canned reply is not a failed save: show the form without the
            # error banner, the text in the message and a note.
            context["errors"] = []
            for error in form.non_field_errors():
                messages.info(request, error)
        if obj is not None:
            entries = selectors.conversation(ticket=obj, include_internal=True)
            context["entries"] = entries
            context["latest_message_id"] = max(
                (e.pk for e in entries if e.kind == "message"),
                default=0,
            )
            if obj.status == Ticket.Status.NEW:
                # Articles that may already answer it: staff can reply with a link.
                context["kb_suggestions"] = kb_search.search(
                    user=request.user, query=obj.subject, suggest=True
                )[:KB_SUGGESTIONS]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            ticket = services.ticket_open(
                customer=data["customer"],
                sector=data["sector"],
                subject=data["subject"],
                description=data["description"],
                files=data.get("files") or [],
                origin=services.Origin(channel=data["channel"]),
                opened_by=request.user,
            )
            # The admin's "added" message and change log point to the ticket the service made.
            obj.pk, obj.number = ticket.pk, ticket.number
            return
        changed = form.changed_data
        services.ticket_staff_update(
            ticket=obj,
            actor=request.user,
            body=data.get("reply_body", ""),
            internal=data.get("reply_visibility") == TicketAdminForm.INTERNAL,
            files=data.get("reply_files") or [],
            status=data["status"] if "status" in changed else None,
            assignee=data["assignee"] if "assignee" in changed else services.UNCHANGED,
            sector=data["sector"] if "sector" in changed else None,
        )
        if person := data.get("add_follower"):
            followers.follower_add(ticket=obj, user=person, added_by=request.user)

    def _bulk(self, request, queryset, **changes):
        # All selected tickets change, or none does; their e-mails are queued after commit.
        done = 0
        with transaction.atomic():
            for ticket in queryset:
                services.ticket_staff_update(ticket=ticket, actor=request.user, **changes)
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d ticket updated.", "%(count)d tickets updated.", done) % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Assign to me"))
    def assign_to_me(self, request, queryset):
        self._bulk(request, queryset, assignee=request.user)

    @admin.action(description=_("Mark as resolved"))
    def mark_resolved(self, request, queryset):
        self._bulk(request, queryset.exclude(status=Ticket.Status.RESOLVED), status=Ticket.Status.RESOLVED)

    @admin.action(description=_("Close tickets"))
    def close_tickets(self, request, queryset):
        self._bulk(request, queryset.exclude(status=Ticket.Status.CLOSED), status=Ticket.Status.CLOSED)


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    list_display = ["title", "sector", "is_active", "order"]
    list_editable = ["is_active", "order"]
    list_filter = ["is_active", "sector"]
    search_fields = ["title", "body"]
    fields = ["title", "body", "sector", "is_active", "order"]


@admin.register(Satisfaction)
class SatisfactionAdmin(admin.ModelAdmin):
    """Como foi o atendimento? Every answer, and a summary per sector and per assignee of
    what the list shows (filters and search apply to it)."""

    change_list_template = "tickets/admin/satisfaction_change_list.html"
    list_display = ["ticket_display", "score", "comment", "customer", "sector", "assignee", "created_at"]
    list_filter = [
        "score",
        "sector",
        ("assignee", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["ticket", "customer", "sector", "assignee"]
    search_fields = ["ticket__subject", "comment", "customer__email", "customer__first_name"]
    date_hierarchy = "created_at"
    fields = ["ticket", "customer", "score", "comment", "sector", "assignee", "created_at", "updated_at"]
    readonly_fields = fields

    @admin.display(description=_("ticket"), ordering="ticket__number")
    def ticket_display(self, obj):
        return str(obj.ticket)

    def has_add_permission(self, request):
        return False  # customers rate; the team reads

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:
            ratings = context["cl"].queryset
            context["summary_by_sector"] = satisfaction_summary(ratings, by="sector")
            context["summary_by_assignee"] = satisfaction_summary(ratings, by="assignee")
        return response


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin):
    """What the support mailbox received and what became of it: refused senders (someone
    writing on a ticket they may not), unknown senders and automatic mail are counted here."""

    list_display = ["received_at", "from_email", "subject", "outcome", "ticket_link", "answered"]
    list_filter = ["outcome", "answered", ("received_at", admin.DateFieldListFilter)]
    list_select_related = ["ticket"]
    search_fields = ["from_email", "subject", "message_id"]
    date_hierarchy = "received_at"
    fields = [
        "received_at",
        "from_email",
        "subject",
        "message_id",
        "outcome",
        "detail",
        "ticket_link",
        "ticket_message",
        "answered",
    ]
    readonly_fields = fields

    @admin.display(description=_("ticket"), ordering="ticket__number")
    def ticket_link(self, obj):
        if obj.ticket is None:
            return "-"
        url = reverse("admin:tickets_ticket_change", args=[obj.ticket_id])
        return format_html('<a href="{}">{}</a>', url, obj.ticket.display_number)

    def has_add_permission(self, request):
        # Rows are written by the mailbox poller only.
        return False

    def has_change_permission(self, request, obj=None):
        return False
