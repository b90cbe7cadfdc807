from .selectors import bell_for


def panel(request):
    """Atividade recente: the newest things that happened to the customer's tickets, projects,
    ideas and the team's notices (their notifications, read or not), from the bell's query."""
    return {"template": "notifications/_dashboard_panel.html", "notifications": bell_for(request).latest}
