from django import forms
from django.contrib import admin, messages
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

from . import selectors, services
from .models import Attachment, InboundEmail, Sector, Ticket, parse_ticket_number

KB_SUGGESTIONS = 5


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "is_active", "order", "is_default"]
    list_editable = ["is_active", "order"]
    list_filter = ["is_active"]
    search_fields = ["name", "email"]


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
        widget=forms.RadioSelect,
    )
    reply_files = MultipleFileField(label=_("Attachments"))
    # The newest message the member saw; rendered by the template, not in a fieldset.
    seen_message = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Ticket
        fields = ["status", "assignee", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reply_files"].help_text = files_help_text()
        for name in ("status", "assignee", "sector"):
            if name in self.fields:
                self.fields[name].show_hidden_initial = True
        if "assignee" in self.fields:
            self.fields["assignee"].queryset = get_user_model().objects.filter(is_staff=True, is_active=True)
        if "status" in self.fields:
            self.fields["status"].help_text = _("A public reply moves a new ticket to “In progress”.")

    def clean(self):
        cleaned = super().clean()
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
    "related_to",
    "project",
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
        "customer",
        "organization",
        "sector",
        "status",
        "assignee",
        "last_activity_at",
        "waiting_display",
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
    list_select_related = ["customer", "organization", "sector", "assignee"]
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
    readonly_fields = DETAIL_FIELDS + ORIGIN_FIELDS
    fieldsets = [
        (_("Reply"), {"fields": ["reply_body", "reply_visibility", "reply_files"]}),
        (None, {"fields": ["status", "assignee", "sector"]}),
        (
            _("Details"),
            {"fields": DETAIL_FIELDS},
        ),
        (_("Origin"), {"fields": ORIGIN_FIELDS}),
    ]

    @admin.display(description=_("number"), ordering="number")
    def number_display(self, obj):
        return obj.display_number

    @admin.display(description=_("waiting on us since"), ordering="waiting_since")
    def waiting_display(self, obj):
        if not obj.waiting_since:
            return "-"
        since = formats.date_format(timezone.localtime(obj.waiting_since), "SHORT_DATETIME_FORMAT")
        return f"{since} ({timesince(obj.waiting_since)})"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name in ("assignee", "sector"):
            widget = form.base_fields[name].widget if name in form.base_fields else None
            if widget is not None and hasattr(widget, "can_add_related"):
                # Picking from the list is enough here; users and sectors are edited elsewhere.
                widget.can_add_related = widget.can_change_related = False
                widget.can_delete_related = widget.can_view_related = False
        return form

    def has_add_permission(self, request):
        # Tickets are opened by customers in the customer area.
        return False

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
