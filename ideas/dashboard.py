from .selectors import dashboard_ideas


def panel(request):
    return {"template": "ideas/_dashboard_panel.html", **dashboard_ideas(user=request.user)}
