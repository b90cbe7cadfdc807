"""Writes of the plugin: signing keys (create, revoke) and who a verified token is."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User

from . import crypto
from .models import Integration, PersonLink, SigningKey
from .tokens import TokenRefused, VerifiedToken

SECRET_BYTES = 32  # 256-bit HMAC secret


class TooManyKeys(Exception):
    """An integration already has its two active keys: revoke one first."""


def signing_key_create(*, integration: Integration) -> tuple[SigningKey, str]:
    """A new key for the host to sign with. Returns the key and its secret, which is shown
    once and never again (only its encrypted form is stored)."""
    with transaction.atomic():
        Integration.objects.select_for_update().get(pk=integration.pk)
        if integration.keys.active().count() >= SigningKey.MAX_ACTIVE:
            raise TooManyKeys
        secret = secrets.token_urlsafe(SECRET_BYTES)
        key = SigningKey.objects.create(integration=integration, secret_encrypted=crypto.encrypt(secret))
    return key, secret


def signing_key_revoke(*, key: SigningKey) -> bool:
    """Tokens signed with the key are refused from now on. False if it was revoked already."""
    return bool(
        SigningKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )


def _unique_username(email: str) -> str:
    User = get_user_model()
    base = slugify(email.split("@")[0])[:30] or "cliente"
    candidate = base
    while User.objects.filter(username__iexact=candidate).exists():
        candidate = f"{base}-{secrets.token_hex(3)}"
    return candidate


def plugin_person(*, verified: VerifiedToken):
    """The portal customer a verified token stands for, or TokenRefused.

    1. An existing link (integration, sub): that user.
    2. An active customer of the integration's company with the token's e-mail: link them.
    3. Nobody: a new customer of that company (no usable password), if the integration may
       create accounts; otherwise refused with "no_account".
    The company always comes from the signing key: an e-mail of another company's customer
    or of a staff member is refused, never linked.
    """
    integration = verified.integration
    User = get_user_model()
    link = (
        PersonLink.objects.select_related("user")
        .filter(integration=integration, subject=verified.subject)
        .first()
    )
    if link is not None:
        user = link.user
        _check_may_act(user, integration)
        PersonLink.objects.filter(pk=link.pk).update(last_seen_at=timezone.now())
        return user
    same_email = list(User.objects.filter(email__iexact=verified.email))
    if same_email:
        user = same_email[0]
        _check_may_act(user, integration)
    elif integration.auto_provision:
        first, _sep, last = verified.name.partition(" ")
        user = User(
            username=_unique_username(verified.email),
            email=verified.email,
            first_name=first[:150],
            last_name=last[:150],
            organization=integration.organization,
        )
        user.set_unusable_password()
    else:
        raise TokenRefused("no_account", integration=integration)
    try:
        with transaction.atomic():
            if user.pk is None:
                user.save()
            PersonLink.objects.create(integration=integration, subject=verified.subject, user=user)
    except IntegrityError:
        # The same person's first two clicks raced: the other request linked them.
        link = PersonLink.objects.select_related("user").get(
            integration=integration, subject=verified.subject
        )
        user = link.user
        _check_may_act(user, integration)
    return user


def _check_may_act(user: User, integration: Integration) -> None:
    if user.is_staff or user.is_superuser:
        raise TokenRefused("staff_account", integration=integration)
    if user.organization_id != integration.organization_id:
        raise TokenRefused("other_company", integration=integration)
    if not user.is_active:
        raise TokenRefused("inactive_user", integration=integration)
