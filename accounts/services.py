from datetime import timedelta
from urllib.parse import quote

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.internal.userkit import filter_users_by_email
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from notifications.models import OutboundEmail
from notifications.outbox import email_send, recipient_language
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


EMAIL_CHANGE_SALT = "accounts.email_change"
EMAIL_CHANGE_MAX_AGE = timedelta(days=1)


def email_change_url(*, user: User, new_email: str) -> str:
    """The absolute confirmation link for moving `user` to `new_email`, from SITE_URL. It
    carries the current address, so it stops working once the e-mail changes (used once)."""
    token = signing.dumps({"user": user.pk, "from": user.email, "to": new_email}, salt=EMAIL_CHANGE_SALT)
    return settings.SITE_URL + reverse("accounts:email_change_confirm", args=[token])


def email_change_request(*, user: User, new_email: str) -> OutboundEmail | None:
    """Send a confirmation link to `new_email`; the account's e-mail changes only when it is
    opened. Nothing is sent when another account has that address, and the caller answers
    the same either way (who is a customer is not for a signed-in user to find out)."""
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        return None
    return email_send(
        to_email=new_email,
        to_user=None,
        language=recipient_language(user.language),
        template="accounts/emails/email_change_confirm",
        context={
            "user": user,
            "new_email": new_email,
            "confirm_url": email_change_url(user=user, new_email=new_email),
        },
    )


class EmailChangeRefused(Exception):
    """The confirmation link is expired, used, for another account or its address was taken."""


def email_change_token_read(*, user: User, token: str) -> str:
    """The new address a confirmation link asks for, if it is valid for `user` right now."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature as error:
        raise EmailChangeRefused from error
    if data.get("user") != user.pk or data.get("from") != user.email:
        raise EmailChangeRefused
    new_email = data.get("to") or ""
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise EmailChangeRefused
    return new_email


def email_change_confirm(*, user: User, token: str) -> str:
    """Move `user` to the address the link confirms, and tell both the old and the new
    address (a security e-mail: someone who took the session learns nothing silently).
    Returns the new address; raises EmailChangeRefused."""
    new_email = email_change_token_read(user=user, token=token)
    old_email = user.email
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.email != old_email:
            raise EmailChangeRefused  # a second click, or another change in between
        locked.email = new_email
        try:
            with transaction.atomic():
                locked.save(update_fields=["email"])
        except IntegrityError as error:  # another account took the address meanwhile
            raise EmailChangeRefused from error
        for address in {old_email, new_email} - {""}:
            security_email_send(
                user=locked,
                to_email=address,
                template="accounts/emails/email_changed",
                context={"old_email": old_email, "new_email": new_email},
            )
    user.email = new_email
    return new_email


def security_email_send(
    *, user: User, template: str, context: dict, to_email: str = ""
) -> OutboundEmail | None:
    """A security e-mail (sign-in and account changes) to the account's address or
    `to_email`, in the account's language. Sent whatever the notification opt-in: people
    must hear about changes to their own account."""
    address = to_email or user.email
    if not address:
        return None
    return email_send(
        to_email=address,
        to_user=user,
        template=template,
        context={"user": user, "profile_url": settings.SITE_URL + reverse("accounts:profile"), **context},
    )


def two_factor_reset(*, user: User) -> bool:
    """Remove every second factor of `user` (lost phone and recovery codes: staff do it from
    the admin) and tell them by e-mail. Returns False when there was nothing to remove. A
    person who must use two-factor authentication is asked to set it up at the next request."""
    from allauth.mfa.models import Authenticator

    with transaction.atomic():
        removed, _ = Authenticator.objects.filter(user=user).delete()
        if not removed:
            return False
        security_email_send(user=user, template="accounts/emails/two_factor_reset", context={})
    return True
