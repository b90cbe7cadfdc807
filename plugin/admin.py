from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import services
from .models import Integration, PersonLink, SigningKey


class SigningKeyInline(admin.TabularInline):
    """Keys are created by the button below the form (the secret is shown once) and revoked
    from the keys list; here they are only listed."""

    model = SigningKey
    extra = 0
    can_delete = False
    fields = ["kid", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Integration)
class IntegrationAdmin(admin.ModelAdmin):
    change_form_template = "plugin/admin/integration_change_form.html"
    list_display = ["name", "organization", "system", "public_id", "auto_provision", "is_active"]
    list_filter = ["is_active", "auto_provision", "system"]
    search_fields = ["name", "public_id", "organization__name"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["public_id", "created_at"]
    fields = ["organization", "system", "name", "public_id", "allowed_origins", "auto_provision", "is_active"]
    inlines = [SigningKeyInline]

    def get_fields(self, request, obj=None):
        # The public id is made when the integration is saved: nothing to show before.
        return self.fields if obj else [f for f in self.fields if f != "public_id"]

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.new_key_view))
        return [
            path("<int:object_id>/new-key/", view, name="plugin_integration_new_key"),
            *super().get_urls(),
        ]

    def new_key_view(self, request, object_id):
        integration = get_object_or_404(Integration, pk=object_id)
        if not self.has_change_permission(request, integration):
            raise PermissionDenied
        try:
            key, secret = services.signing_key_create(integration=integration)
        except services.TooManyKeys:
            messages.error(request, _("This integration already has two active keys: revoke one first."))
            return redirect(reverse("admin:plugin_integration_change", args=[integration.pk]))
        # Rendered here and nowhere else: never stored in a message, a log or a cookie.
        response = TemplateResponse(
            request,
            "plugin/admin/new_key.html",
            {
                **self.admin_site.each_context(request),
                "title": _("New signing key"),
                "integration": integration,
                "key": key,
                "secret": secret,
                "opts": self.model._meta,
            },
        )
        response["Cache-Control"] = "no-store"
        return response


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    list_display = ["kid", "integration", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "integration"]
    search_fields = ["kid", "integration__name", "integration__public_id"]
    list_select_related = ["integration__organization"]
    fields = ["kid", "integration", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # from the integration's page, which shows the secret once

    @admin.action(description=_("Revoke the selected keys (tokens signed with them stop working now)"))
    def revoke(self, request, queryset):
        with transaction.atomic():
            revoked = sum(services.signing_key_revoke(key=key) for key in queryset)
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )


@admin.register(PersonLink)
class PersonLinkAdmin(admin.ModelAdmin):
    """Who a host system's user id is here. Deleting a wrong link makes the next sign-in
    match by e-mail again."""

    list_display = ["subject", "user", "integration", "created_at", "last_seen_at"]
    list_filter = ["integration"]
    search_fields = ["subject", "user__email", "user__username", "integration__name"]
    list_select_related = ["user", "integration__organization"]
    fields = ["integration", "subject", "user", "created_at", "last_seen_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
