from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import DataExport, DeletionRequest, PrivacyEvent, PrivacyNotice


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ["user", "status", "created_at", "ready_at", "expires_at"]
    list_filter = ["status"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    # The file is the person's: staff see that it exists and when, never its content here.
    fields = ["user", "status", "created_at", "ready_at", "expires_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(PrivacyEvent)
class PrivacyEventAdmin(admin.ModelAdmin):
    list_display = ["at", "kind", "user_label"]
    list_filter = ["kind"]
    search_fields = ["user_label"]
    readonly_fields = ["user", "user_label", "kind", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeletionRequest)
class DeletionRequestAdmin(admin.ModelAdmin):
    list_display = ["user_label", "status", "created_at", "decided_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user_label"]
    readonly_fields = ["user", "user_label", "status", "reason", "created_at", "decided_at", "decided_by"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Approve: anonymize the person (tickets are kept)"))
    def approve(self, request, queryset):
        done = sum(services.deletion_approve(request=item, by=request.user) for item in queryset)
        self.message_user(
            request,
            ngettext("%(count)d person anonymized.", "%(count)d people anonymized.", done) % {"count": done},
            messages.SUCCESS if done else messages.WARNING,
        )

    @admin.action(description=_("Refuse"))
    def reject(self, request, queryset):
        done = sum(services.deletion_reject(request=item, by=request.user) for item in queryset)
        self.message_user(
            request,
            ngettext("%(count)d request refused.", "%(count)d requests refused.", done) % {"count": done},
            messages.SUCCESS if done else messages.WARNING,
        )


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]
