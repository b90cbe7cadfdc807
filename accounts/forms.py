from allauth.account import forms as allauth_forms
from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
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
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    current_password = forms.CharField(
        label=_("Current password"),
        required=False,
        strip=False,
        help_text=_("Needed only to change the e-mail. We send a link to the new address to confirm it."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    class Meta:
        model = User
        # The e-mail is a plain form field, never written to the account here: a new address
        # waits for its confirmation link (and no unique check can answer "already in use").
        fields = ["first_name", "last_name", "username", "email_notifications", "language"]
        labels = {
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "username": _("Username"),
            "email_notifications": _("Enable e-mail notifications"),
            "language": _("Language"),
        }

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        self.initial.setdefault("email", self.instance.email)
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
        # Whether another account has this address is not said here (that would tell anyone
        # signed in who is a customer): the confirmation link decides, and the page answers
        # the same either way.
        return self.cleaned_data["email"].strip().lower()

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if username.lower() == (self.instance.username or "").lower():
            return username
        # Usernames are not secret ("indisponível" is fine), but probing them one by one is
        # slowed down: each attempt to change it counts.
        if self.request is not None and not ratelimit.consume(self.request, action="change_username"):
            raise forms.ValidationError(
                _("Too many username changes in a short time. Please try again later."),
                code="username_rate_limited",
            )
        if User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This username is taken. Please choose another one."), code="username_taken"
            )
        return username

    def clean(self):
        cleaned = super().clean()
        # The e-mail is where password resets go: changing it takes the password, so a
        # borrowed or hijacked session cannot take the account over.
        if self.requested_email and not self.instance.check_password(cleaned.get("current_password") or ""):
            self.add_error(
                "current_password",
                forms.ValidationError(
                    _("Type your current password to change the e-mail."), code="password_required"
                ),
            )
        return cleaned

    @property
    def requested_email(self) -> str:
        """The new address asked for (it changes only once its confirmation link is opened),
        or "" when the e-mail stays."""
        email = (self.cleaned_data.get("email") or "") if self.is_bound else ""
        return email if email and email != (self.instance.email or "").lower() else ""

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
