from django.utils.functional import SimpleLazyObject

from .selectors import Bell


def bell(request):
    """The bell: unread count and latest notifications, one query, run only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    summary = Bell(user)
    return {
        "bell": summary,
        "unread_notifications_count": SimpleLazyObject(lambda: summary.unread_count),
    }
