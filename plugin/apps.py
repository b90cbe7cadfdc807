from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PluginConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plugin"
    verbose_name = _("Quick-access plugin")
