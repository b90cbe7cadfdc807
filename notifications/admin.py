from django.contrib import admin

from .models import Notification, OutboundEmail


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
    list_display = ["title", "recipient", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["title", "recipient__email", "recipient__username"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
