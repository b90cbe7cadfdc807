from django.contrib import admin

from .models import DataExport, PrivacyEvent


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
