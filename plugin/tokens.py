"""Verifying the token a host system's backend mints for its user (JWT, HS256, with `kid`).

Everything that decides who the person is comes from the signing key: the integration and
so the company. Claims only say which person of that company (`sub`, `email`, `name`) and
where they were (`ctx`, hints for staff, never used for authorization).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

import jwt
from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SigningKey, UsedToken

logger = logging.getLogger("portal.plugin")

ALGORITHMS = ["HS256"]  # pinned: "none", RS256 with an HMAC key, anything else is refused
MAX_LIFETIME = 120  # seconds between iat and exp
LEEWAY = 30  # seconds of clock difference tolerated between the host and us
CONTEXT_FIELDS = ("module", "screen", "version", "url")
CONTEXT_MAX_LENGTH = 500


class TokenRefused(Exception):
    """The token cannot be used. `reason` is a stable code for logs and tests."""

    def __init__(self, reason: str, *, integration=None):
        super().__init__(reason)
        self.reason = reason
        self.integration = integration


@dataclass
class VerifiedToken:
    key: SigningKey
    subject: str
    email: str
    name: str
    context: dict = field(default_factory=dict)

    @property
    def integration(self):
        return self.key.integration


def _context(raw) -> dict:
    if not isinstance(raw, dict):
        return {}
    return {name: str(raw[name])[:CONTEXT_MAX_LENGTH] for name in CONTEXT_FIELDS if raw.get(name)}


def verify(token: str, *, origin: str | None = None) -> VerifiedToken:
    """Verify signature, algorithm, audience, issuer, lifetime, the page it was posted from
    (`origin`, when given: one of the integration's allowed origins) and single use, or raise
    TokenRefused. On success the token's `jti` is spent; a refused token is not."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise TokenRefused("malformed") from exc
    if header.get("alg") not in ALGORITHMS:
        raise TokenRefused("algorithm")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise TokenRefused("unknown_key")
    key = (
        SigningKey.objects.select_related("integration__organization", "integration__system")
        .filter(kid=kid)
        .first()
    )
    if key is None:
        raise TokenRefused("unknown_key")
    integration = key.integration
    if not key.is_active:
        raise TokenRefused("revoked_key", integration=integration)
    if not (integration.is_active and integration.organization.is_active):
        raise TokenRefused("inactive_integration", integration=integration)
    try:
        secret = key.secret
    except InvalidToken as exc:
        logger.error("Signing key %s cannot be decrypted: SECRET_KEY changed without a fallback?", key.kid)
        raise TokenRefused("unreadable_key", integration=integration) from exc
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=ALGORITHMS,
            audience=settings.SITE_URL,
            issuer=integration.public_id,
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "sub", "iat", "exp", "jti", "email"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise TokenRefused("expired", integration=integration) from exc
    except jwt.ImmatureSignatureError as exc:
        raise TokenRefused("not_yet_valid", integration=integration) from exc
    except jwt.InvalidAudienceError as exc:
        raise TokenRefused("audience", integration=integration) from exc
    except jwt.InvalidIssuerError as exc:
        raise TokenRefused("issuer", integration=integration) from exc
    except jwt.InvalidSignatureError as exc:
        raise TokenRefused("signature", integration=integration) from exc
    except jwt.PyJWTError as exc:
        raise TokenRefused("invalid_claims", integration=integration) from exc

    now = timezone.now().timestamp()
    issued, expires = claims["iat"], claims["exp"]
    if not all(isinstance(v, int | float) for v in (issued, expires)):
        raise TokenRefused("invalid_claims", integration=integration)
    if issued > now + LEEWAY:
        raise TokenRefused("not_yet_valid", integration=integration)
    if expires - issued > MAX_LIFETIME:
        raise TokenRefused("lifetime", integration=integration)
    for name in ("sub", "jti", "email"):
        if not isinstance(claims[name], str) or not claims[name].strip() or len(claims[name]) > 255:
            raise TokenRefused("invalid_claims", integration=integration)

    if origin is not None and origin.rstrip("/") not in integration.origins:
        raise TokenRefused("origin", integration=integration)

    try:
        with transaction.atomic():
            UsedToken.objects.create(
                integration=integration,
                jti=claims["jti"],
                expires_at=datetime.fromtimestamp(expires + LEEWAY, tz=UTC),
            )
    except IntegrityError as exc:
        raise TokenRefused("replayed", integration=integration) from exc
    SigningKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    display_name = claims.get("name")
    return VerifiedToken(
        key=key,
        subject=claims["sub"].strip(),
        email=claims["email"].strip(),
        name=display_name.strip()[:150] if isinstance(display_name, str) else "",
        context=_context(claims.get("ctx")),
    )


def used_tokens_purge() -> int:
    """Forget spent token ids whose tokens have expired anyway."""
    deleted, _ = UsedToken.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
