from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Announcement, Notification, OutboundEmail
from .selectors import announcement_recipients
from .services import announcement_request_send


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to_email", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "respect_opt_in"]
    search_fields = ["to_email", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["text", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "recipient__email", "recipient__username"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "announcement"]
    readonly_fields = ["text", "event", "params", "batch", "created_at"]
    date_hierarchy = "created_at"

    @admin.display(description=_("title"), ordering="title")
    def text(self, obj):
        # In the staff member's language, like the customer reads it in theirs.
        return obj.display_title


class AnnouncementForm(forms.ModelForm):
    class Meta:
        model = Announcement
        fields = ["title", "body", "link", "audience", "organizations", "users"]

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience == Announcement.Audience.ORGANIZATIONS and not cleaned.get("organizations"):
            self.add_error("organizations", _("Choose at least one company."))
        if audience == Announcement.Audience.USERS and not cleaned.get("users"):
            self.add_error("users", _("Choose at least one customer."))
        return cleaned


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """Avisos da equipe: write, check who it reaches, then send with the action (once)."""

    form = AnnouncementForm
    list_display = ["title", "audience", "status_display", "recipients_count", "created_at", "sent_at"]
    list_filter = ["audience", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body"]
    date_hierarchy = "created_at"
    radio_fields = {"audience": admin.VERTICAL}
    autocomplete_fields = ["organizations", "users"]
    actions = ["send_announcements"]
    fieldsets = [
        (None, {"fields": ["title", "body", "body_preview", "link"]}),
        (_("Who receives it"), {"fields": ["audience", "organizations", "users", "recipients_preview"]}),
        (_("Sending"), {"fields": ["status_display", "created_by", "queued_at", "sent_at", "read_stats"]}),
    ]
    base_readonly = [
        "body_preview",
        "recipients_preview",
        "status_display",
        "created_by",
        "queued_at",
        "sent_at",
        "read_stats",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_locked:
            # What customers receive no longer changes once sending was requested.
            return [*AnnouncementForm.Meta.fields, *self.base_readonly]
        return self.base_readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False  # shown read-only: it is (being) sent
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("Status"))
    def status_display(self, obj):
        if obj.sent_at:
            return _("Sent")
        if obj.queued_at:
            return _("Sending")
        return _("Draft")

    @admin.display(description=_("How customers will see the text"))
    def body_preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the notice to see the text as customers will.")
        return format_html('<div class="announcement-preview">{}</div>', obj.body_html or "-")

    @admin.display(description=_("Recipients (preview)"))
    def recipients_preview(self, obj):
        if obj is None or obj.pk is None:
            return _("Save the notice to see how many customers it reaches.")
        if obj.sent_at:
            count = obj.recipients_count or 0
            return ngettext("Sent to %(count)d customer.", "Sent to %(count)d customers.", count) % {
                "count": count
            }
        count = announcement_recipients(obj).count()
        return format_html(
            '<strong data-testid="recipients-preview">{}</strong>',
            ngettext(
                "It reaches %(count)d active customer right now.",
                "It reaches %(count)d active customers right now.",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("Read by"))
    def read_stats(self, obj):
        if obj is None or not obj.sent_at:
            return "-"
        read = obj.notifications.read().count()
        total = obj.recipients_count or 0
        return _("%(read)d of %(total)d customers read it.") % {"read": read, "total": total}

    @admin.action(description=_("Send the selected team notices"), permissions=["change"])
    def send_announcements(self, request, queryset):
        """Ask for confirmation (with each notice's audience size), then queue the sending."""
        if request.POST.get("post") == "yes":
            queued = announcement_request_send(announcement_ids=queryset.values_list("pk", flat=True))
            if queued:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d team notice is being sent; customers receive it in a moment.",
                        "%(count)d team notices are being sent; customers receive them in a moment.",
                        len(queued),
                    )
                    % {"count": len(queued)},
                    messages.SUCCESS,
                )
            skipped = queryset.count() - len(queued)
            if skipped:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d team notice was already sent and was not sent again.",
                        "%(count)d team notices were already sent and were not sent again.",
                        skipped,
                    )
                    % {"count": skipped},
                    messages.WARNING,
                )
            return None

        announcements = list(queryset.order_by("pk"))
        pending = [
            {"announcement": a, "count": announcement_recipients(a).count()}
            for a in announcements
            if not a.sent_at
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send team notices"),
            "opts": self.model._meta,
            "pending": pending,
            "already_sent": [a for a in announcements if a.sent_at],
            "queryset": announcements,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "send_announcements",
        }
        return TemplateResponse(request, "notifications/admin/announcement_send_confirmation.html", context)
