from .selectors import latest_projects


def panel(request):
    return {"template": "projects/_dashboard_panel.html", "projects": latest_projects(user=request.user)}
