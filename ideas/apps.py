from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, pre_delete
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ideas"
    verbose_name = _("Ideas and improvements")

    def ready(self):
        from .models import Idea, Rating, Vote
        from .services import ideas_counts_refresh

        # A deleted person's votes and ratings go with them (CASCADE, written by no service):
        # the ideas they touched get their kept counters recomputed, however the user is deleted.
        def remember(sender, instance, **kwargs):
            instance._ideas_to_recount = set(
                Vote.objects.filter(user=instance).values_list("idea_id", flat=True)
            ) | set(Rating.objects.filter(user=instance).values_list("idea_id", flat=True))

        def recount(sender, instance, **kwargs):
            ids = getattr(instance, "_ideas_to_recount", set())
            if ids:
                ideas_counts_refresh(Idea.objects.filter(pk__in=ids))

        pre_delete.connect(
            remember, sender=settings.AUTH_USER_MODEL, weak=False, dispatch_uid="ideas_remember"
        )
        post_delete.connect(
            recount, sender=settings.AUTH_USER_MODEL, weak=False, dispatch_uid="ideas_recount"
        )
