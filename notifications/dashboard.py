from .selectors import latest_unread


def panel(request):
    return {
        "template": "notifications/_dashboard_panel.html",
        "notifications": latest_unread(request.user),
    }
