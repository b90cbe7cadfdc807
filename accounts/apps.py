from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The project's deploy checks (portal is a package, not an app: they register here).
        import portal.checks  # noqa: F401
        from portal import page_cache

        # Every model of the portal's apps invalidates the cached pages it appears on.
        page_cache.connect_signals()

        from . import signals  # noqa: F401
