from importlib import import_module

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

# Each section contributes a panel to the dashboard's content area through
# `<app>/dashboard.py: panel(request) -> dict | None` (a "template" key plus its context).
DASHBOARD_APPS = ["notifications", "tickets", "projects", "ideas"]


def _panels(request):
    panels = []
    for app in DASHBOARD_APPS:
        try:
            module = import_module(f"{app}.dashboard")
        except ModuleNotFoundError:
            continue
        panel = module.panel(request)
        if panel:
            panels.append(panel)
    return panels


@login_required
def dashboard(request):
    """The customer's home after login: the seed's five items."""
    try:
        open_ticket_url = reverse("tickets:create")
    except NoReverseMatch:
        open_ticket_url = ""
    return render(
        request,
        "dashboard.html",
        {"dashboard_panels": _panels(request), "open_ticket_url": open_ticket_url},
    )
