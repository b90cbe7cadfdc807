from importlib import import_module

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from localflavor.br.models import BRCNPJField


class Organization(models.Model):
    """A customer's company (Empresa). Staff create it in the admin."""

    name = models.CharField(_("company name"), max_length=200)
    cnpj = BRCNPJField(_("CNPJ"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    share_tickets = models.BooleanField(
        _("colleagues see each other's tickets"),
        default=False,
        help_text=_("When on, every customer of this company sees the company's tickets."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self):
        return self.name


class CustomerQuerySet(models.QuerySet):
    def customers(self):
        """Active non-staff users: the people the portal is for."""
        return self.filter(is_active=True, is_staff=False)


class PortalUserManager(UserManager.from_queryset(CustomerQuerySet)):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A customer (is_staff False) or a staff member (is_staff True)."""

    email = models.EmailField(_("e-mail"), blank=True)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    avatar = models.ImageField(_("photo"), upload_to="avatars/", blank=True)
    email_notifications = models.BooleanField(
        _("e-mail notifications"),
        default=True,
        help_text=_("Receive by e-mail the notifications our team sends you."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )

    objects = PortalUserManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("A user with this e-mail already exists."),
            ),
            models.UniqueConstraint(
                Lower("username"),
                name="accounts_user_username_ci_unique",
                violation_error_message=_("A user with this username already exists."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("accounts:profile")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def initials(self) -> str:
        parts = [p for p in (self.first_name, self.last_name) if p]
        if not parts:
            parts = [self.username or "?"]
        return "".join(p[0] for p in parts[:2]).upper()

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class SessionManager(BaseSessionManager):
    def get_queryset(self):
        # Loading the session brings the person and their company in the same query
        # (accounts.sessions and portal.auth hand them to the authentication middleware).
        return super().get_queryset().select_related("user__organization")


class Session(AbstractBaseSession):
    """A browser's session, stored in the database with the person it belongs to, so one
    query answers both "which session" and "who is it" on every signed-in page."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SessionManager()

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_session"

    @classmethod
    def get_session_store_class(cls):
        return import_module(settings.SESSION_ENGINE).SessionStore
