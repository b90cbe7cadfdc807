from .selectors import bell_for


def bell(request):
    """The bell on every signed-in page: unread count and latest notifications, one query,
    run here rather than later inside the template (templates never query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    summary = bell_for(request)
    return {"bell": summary, "unread_notifications_count": summary.unread_count}
