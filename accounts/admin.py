from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .avatars import avatar_from_upload
from .models import Organization, User
from .services import two_factor_reset, user_invite_first_access


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "cnpj", "is_active", "share_tickets", "require_two_factor", "created_at"]
    list_filter = ["is_active", "share_tickets", "require_two_factor"]
    search_fields = ["name", "cnpj"]


class UserAdminForm(UserChangeForm):
    """A photo the team uploads gets the same checks and re-encoding as one from Meus dados
    (PNG/JPEG/WebP only, no metadata, random name), never the file as sent."""

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if isinstance(avatar, UploadedFile):
            return avatar_from_upload(avatar)
        return avatar


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserAdminForm
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "organization",
        "is_active",
        "is_staff",
        "has_two_factor",
    ]
    list_filter = ["organization", "is_active", "is_staff", "is_superuser"]
    list_select_related = ["organization"]
    search_fields = ["username", "email", "first_name", "last_name"]
    autocomplete_fields = ["organization"]
    actions = ["send_first_access_invite", "reset_two_factor"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (
            _("Personal info"),
            {"fields": ("first_name", "last_name", "email", "organization", "avatar", "language")},
        ),
        (_("Preferences"), {"fields": ("email_notifications",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    # Customers are usually created without a password: they set one through the
    # first-access invite or "Esqueci minha senha".
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "email",
                    "first_name",
                    "last_name",
                    "organization",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        has_factor = Authenticator.objects.filter(user=OuterRef("pk"))
        return super().get_queryset(request).annotate(two_factor_on=Exists(has_factor))

    @admin.display(boolean=True, description=_("two-factor"), ordering="two_factor_on")
    def has_two_factor(self, user):
        return user.two_factor_on

    @admin.action(description=_("Reset two-factor authentication (lost device)"))
    def reset_two_factor(self, request, queryset):
        # Your own factors are managed in Meus dados → Segurança (with the password asked again).
        with transaction.atomic():
            reset = sum(two_factor_reset(user=user) for user in queryset.exclude(pk=request.user.pk))
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication reset for %(count)d user; they were told by e-mail.",
                "Two-factor authentication reset for %(count)d users; they were told by e-mail.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS if reset else messages.WARNING,
        )

    @admin.action(description=_("Send first-access invite"))
    def send_first_access_invite(self, request, queryset):
        sent = skipped = 0
        with transaction.atomic():
            for user in queryset:
                if user_invite_first_access(user=user):
                    sent += 1
                else:
                    skipped += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "First-access invite sent to %(count)d user.",
                    "First-access invite sent to %(count)d users.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d user was skipped: inactive or without e-mail.",
                    "%(count)d users were skipped: inactive or without e-mail.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


# One e-mail per account, edited on the user (Meus dados or here): allauth's separate
# address list would only let a second, unmanaged address log in or receive resets.
admin.site.unregister(EmailAddress)

# Second factors hold secrets (the authenticator app's key): staff never see them; they only
# reset a person's two-factor authentication from the user list (lost device).
admin.site.unregister(Authenticator)
