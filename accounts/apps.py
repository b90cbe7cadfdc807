from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The project's deploy checks (portal is a package, not an app: they register here).
        import portal.checks  # noqa: F401

        from . import signals  # noqa: F401
