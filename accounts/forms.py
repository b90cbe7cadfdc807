from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .avatars import avatar_from_upload
from .services import password_reset_request


class LoginForm(allauth_forms.LoginForm):
    """allauth's login, labelled as our customers know it: "usuário ou e-mail"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username or e-mail")


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    """allauth's "Esqueci minha senha" (its "Email" stays "Email" in Django's pt-BR), deciding
    nothing in the request: whether the address has an account is the worker's business, so
    a known and an unknown address take the same time (accounts.services)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-mail")

    def clean_email(self):
        # No account lookup here (allauth's looks the users up to decide what to send).
        return get_adapter().clean_email(self.cleaned_data["email"].strip().lower())

    def save(self, request, **kwargs):
        email = self.cleaned_data["email"]
        password_reset_request(email=email, language=translation.get_language() or settings.LANGUAGE_CODE)
        return email


User = get_user_model()


class ProfileForm(forms.ModelForm):
    """Meus dados: what a customer may change about themselves."""

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        help_text=_("Needed only to change the e-mail."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "username", "email_notifications", "language"]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "email": _("E-mail"),
            "username": _("Username"),
            "email_notifications": _("Enable e-mail notifications"),
            "language": _("Language"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self._avatar_file = None
        self.order_fields(["first_name", "last_name", "email", "current_password", "username"])
        if not self.instance.avatar:
            del self.fields["remove_photo"]  # nothing to remove yet
        # Built per form, not at import: the text follows the request's language.
        self.fields["photo"].help_text = _(
            "PNG, JPEG or WebP, up to %(limit)s. It is cropped to a square."
        ) % {"limit": filesizeformat(settings.AVATAR_MAX_BYTES)}

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this e-mail."), code="email_taken")
        return email

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This username is taken. Please choose another one."), code="username_taken"
            )
        return username

    def clean(self):
        cleaned = super().clean()
        # The e-mail is where password resets go: changing it takes the password, so a
        # borrowed or hijacked session cannot take the account over.
        email_changes = "email" in self.changed_data and "email" not in self.errors
        if email_changes and not self.instance.check_password(cleaned.get("current_password") or ""):
            self.add_error(
                "current_password",
                forms.ValidationError(
                    _("Type your current password to change the e-mail."), code="password_required"
                ),
            )
        return cleaned

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            self._avatar_file = avatar_from_upload(upload)
        return upload

    def save(self, commit=True):
        user = super().save(commit=False)
        old_avatar = user.avatar.name if user.avatar else ""
        if self._avatar_file is not None:
            user.avatar.save(self._avatar_file.name, self._avatar_file, save=False)
        elif self.cleaned_data.get("remove_photo"):
            user.avatar = ""
        if commit:
            user.save()
            if old_avatar and old_avatar != (user.avatar.name if user.avatar else ""):
                user.avatar.storage.delete(old_avatar)
        return user
