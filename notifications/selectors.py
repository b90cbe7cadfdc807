from .models import Notification


def latest_unread(user, limit: int = 5) -> list[Notification]:
    return list(Notification.objects.for_user(user).unread()[:limit])
