from datetime import timedelta
from urllib.parse import quote

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import OutboundEmail
from notifications.outbox import email_send
from portal.queue import enqueue_on_commit

from .backends import user_may_sign_in
from .models import PasswordResetRequest, User

# A request the broker missed is re-queued after this long; none is kept longer than a day.
RESET_REQUEST_STALLED_AFTER = timedelta(minutes=1)
RESET_REQUEST_KEPT_FOR = timedelta(days=1)


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


def password_reset_request(*, email: str, language: str) -> PasswordResetRequest:
    """Record an "Esqueci minha senha" request and queue its processing after commit.

    The same work (one row, one publish) whether or not `email` belongs to an account, so
    the page answers in the same time either way, also with the broker down or hung; the
    worker decides (password_reset_request_process).
    """
    with transaction.atomic():
        request = PasswordResetRequest.objects.create(email=email.strip().lower(), language=language)
        enqueue_on_commit("accounts.tasks.password_reset_request_process", request.pk)
    return request


def password_reset_request_process(*, request_id: int) -> str:
    """Send a reset link to each active account (of an active company) with the request's
    address, in that account's language; nothing for an unknown address. Returns "sent",
    "nobody" or "gone" (already processed). The row is deleted in the same transaction as
    the outbox rows it produces: at most one run sends."""
    with transaction.atomic():
        claimed = PasswordResetRequest.objects.select_for_update().filter(pk=request_id).first()
        if claimed is None:
            return "gone"
        claimed.delete()
        # allauth's own lookup for its reset form (for_login: plain lower-case comparison,
        # no Unicode case folding that would match a look-alike address).
        found = filter_users_by_email(claimed.email, is_active=True, prefer_verified=True, for_login=True)
        users = [user for user in found if user_may_sign_in(user)]
        if not users:
            return "nobody"
        adapter = get_adapter()
        generator = allauth_settings.PASSWORD_RESET_TOKEN_GENERATOR()
        with translation.override(claimed.language):
            for user in users:
                uid = user_pk_to_url_str(user)
                key = generator.make_token(user)
                context = {
                    "user": user,
                    "password_reset_url": password_reset_url(f"{uid}-{key}"),
                    "uid": uid,
                    "key": key,
                    "username": user.username,
                    "request": None,
                }
                adapter.send_password_reset_mail(user, claimed.email, context)
    return "sent"


def password_reset_requests_stalled_ids() -> list[int]:
    """Requests waiting longer than a worker needs (the broker was down); drops those older
    than RESET_REQUEST_KEPT_FOR, whose link would arrive long after it was asked for."""
    now = timezone.now()
    PasswordResetRequest.objects.filter(created_at__lt=now - RESET_REQUEST_KEPT_FOR).delete()
    return list(
        PasswordResetRequest.objects.filter(created_at__lt=now - RESET_REQUEST_STALLED_AFTER)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
