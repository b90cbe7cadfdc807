from django.utils.functional import SimpleLazyObject

from .models import Notification


def bell(request):
    """Unread count for the bell: one cheap COUNT, run only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications_count": SimpleLazyObject(
            lambda: Notification.objects.for_user(user).unread().count()
        )
    }
