from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


class KbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kb"
    verbose_name = _("Knowledge base")

    def ready(self):
        from . import search
        from .models import Article

        # The search entry goes with its article, however it is deleted.
        post_delete.connect(
            lambda sender, instance, **kwargs: search.unindex_article(instance.pk),
            sender=Article,
            weak=False,
            dispatch_uid="kb_unindex_article",
        )
