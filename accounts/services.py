from urllib.parse import quote

from allauth.account import app_settings as allauth_settings
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from notifications.models import OutboundEmail
from notifications.outbox import email_send

from .models import User


def password_reset_url(key: str) -> str:
    """The absolute link of allauth's reset-by-key page for `key`, from SITE_URL: never from
    the request's Host header, since the link carries a secret."""
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return settings.SITE_URL + path.replace("UID-KEY", quote(key))


def password_set_url(user: User) -> str:
    """An absolute, single-use link to set a password (allauth's reset-by-key flow)."""
    # allauth's setting already resolves ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR to a class.
    generator = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR()
    return password_reset_url(f"{user_pk_to_url_str(user)}-{generator.make_token(user)}")


def user_invite_first_access(*, user: User) -> OutboundEmail | None:
    """E-mail an active user with an address a link to set their password.

    Returns the queued e-mail, or None when the user cannot receive one.
    """
    if not (user.is_active and user.email):
        return None
    return email_send(
        to_email=user.email,
        to_user=user,
        template="accounts/emails/first_access_invite",
        context={"user": user, "password_set_url": password_set_url(user)},
    )
