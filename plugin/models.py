"""Plugin de acesso rápido: the company's own systems embed an "Alguma dúvida?" button that
signs their user in here (single sign-on with a short-lived signed token) to search the
knowledge base and open a chamado with the context of the screen they were on."""

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import crypto


def new_public_id() -> str:
    return "int_" + secrets.token_urlsafe(12)


def new_kid() -> str:
    return "key_" + secrets.token_urlsafe(12)


def validate_origins(value: str) -> None:
    """One origin per line, exactly as browsers send it in the Origin header: https, the host
    in lowercase, a port only when it is not 443, nothing else."""
    for line in value.split():
        parts = urlsplit(line)
        try:
            port = parts.port
        except ValueError:
            port = -1
        expected = f"https://{parts.hostname}" + (f":{port}" if port else "") if parts.hostname else None
        if parts.scheme != "https" or port in (-1, 443) or line.rstrip("/") != expected or "*" in line:
            raise ValidationError(
                _(
                    "“%(origin)s” is not an origin as browsers send it, like https://erp.example.com "
                    "(https, lowercase host, no path, no wildcard, no :443)."
                ),
                params={"origin": line},
            )


class IntegrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, organization__is_active=True)


class Integration(models.Model):
    """One company's installation of one of our systems that embeds the plugin."""

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="integrations",
    )
    system = models.ForeignKey(
        "kb.Category",
        verbose_name=_("system"),
        on_delete=models.PROTECT,
        related_name="integrations",
        limit_choices_to={"parent__isnull": True},
        help_text=_("The knowledge-base category of this system: its articles are suggested first."),
    )
    name = models.CharField(_("name"), max_length=120)
    public_id = models.CharField(
        _("public id"), max_length=40, unique=True, default=new_public_id, editable=False
    )
    allowed_origins = models.TextField(
        _("allowed origins"),
        validators=[validate_origins],
        help_text=_(
            "Where the system runs, one per line, e.g. https://erp.acme.com.br. Exact https origins only."
        ),
    )
    auto_provision = models.BooleanField(
        _("create accounts for new people"),
        default=False,
        help_text=_(
            "When on, a person of this company the portal does not know yet gets a customer account "
            "(without password) on first use. When off, only existing customers can use the plugin."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = IntegrationQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "name"]
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")

    def __str__(self):
        return f"{self.name} ({self.organization})"

    @property
    def origins(self) -> list[str]:
        return [line.strip().rstrip("/") for line in self.allowed_origins.split() if line.strip()]


class SigningKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class SigningKey(models.Model):
    """A secret shared with the host system's backend to sign tokens (HS256). The portal
    generates it and shows it once; it is stored encrypted (see plugin/crypto.py). Two may be
    active at once so a host can rotate without downtime; revoking takes effect at once."""

    MAX_ACTIVE = 2

    integration = models.ForeignKey(
        Integration, verbose_name=_("integration"), on_delete=models.CASCADE, related_name="keys"
    )
    kid = models.CharField(_("key id (kid)"), max_length=40, unique=True, default=new_kid, editable=False)
    secret_encrypted = models.BinaryField(editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = SigningKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")

    def __str__(self):
        return self.kid

    @property
    def secret(self) -> str:
        return crypto.decrypt(bytes(self.secret_encrypted))

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PersonLink(models.Model):
    """The host system's user id (`sub`) of a portal customer, per integration."""

    integration = models.ForeignKey(
        Integration, verbose_name=_("integration"), on_delete=models.CASCADE, related_name="links"
    )
    subject = models.CharField(_("user id in the system"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="plugin_links",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)

    class Meta:
        verbose_name = _("linked person")
        verbose_name_plural = _("linked people")
        constraints = [
            models.UniqueConstraint(fields=["integration", "subject"], name="plugin_link_once_per_subject")
        ]

    def __str__(self):
        return f"{self.integration.public_id}:{self.subject} -> {self.user}"


class UsedToken(models.Model):
    """A token id (`jti`) already used, remembered until the token expires: single use."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="+")
    jti = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["integration", "jti"], name="plugin_token_used_once")]

    def __str__(self):
        return self.jti
