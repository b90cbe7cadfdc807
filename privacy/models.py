from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.storage import private_storage


def export_path(instance, filename):
    # Random, unguessable name; the file is only ever served by a permission-checked view.
    return f"exports/{instance.token}.zip"


class DataExport(models.Model):
    """ "Baixar meus dados": a ZIP of everything the portal holds about one person, built by a
    worker, stored privately, downloadable only by them until `expires_at`."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        EXPIRED = "expired", _("Expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="data_exports",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(_("file"), upload_to=export_path, storage=private_storage, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("privacy:export_download", args=[self.token])

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.READY
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )


class PrivacyEvent(models.Model):
    """The audit log of privacy requests and their outcome (kept after the person is gone)."""

    class Kind(models.TextChoices):
        EXPORT_REQUESTED = "export_requested", _("Export requested")
        EXPORT_READY = "export_ready", _("Export ready")
        EXPORT_DOWNLOADED = "export_downloaded", _("Export downloaded")
        EXPORT_EXPIRED = "export_expired", _("Export deleted after expiry")
        DELETION_REQUESTED = "deletion_requested", _("Account deletion requested")
        DELETION_APPROVED = "deletion_approved", _("Account deletion approved: person anonymized")
        DELETION_REJECTED = "deletion_rejected", _("Account deletion refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.SET_NULL, null=True, blank=True
    )
    user_label = models.CharField(_("person at the time"), max_length=200)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("privacy event")
        verbose_name_plural = _("privacy log")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.user_label}"


class DeletionRequest(models.Model):
    """ "Excluir minha conta": staff approve it (the company may need the tickets kept), then the
    person is anonymized while the tickets' text stays under "Cliente removido"."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the team")
        APPROVED = "approved", _("Approved: anonymized")
        REJECTED = "rejected", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="deletion_requests",
    )
    user_label = models.CharField(_("person at the time"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason given"), blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("account deletion request")
        verbose_name_plural = _("account deletion requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="privacy_one_pending_deletion"
            )
        ]

    def __str__(self):
        return self.user_label


class PrivacyNotice(models.Model):
    """The privacy page's text (what is stored, why, for how long), written by staff in
    Markdown. The newest one is shown."""

    body = models.TextField(_("text (Markdown)"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("privacy page")
        verbose_name_plural = _("privacy page")

    def __str__(self):
        return str(_("Privacy page"))
