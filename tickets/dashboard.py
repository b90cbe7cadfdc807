from .models import Ticket
from .selectors import latest_tickets


def panel(request):
    """Dashboard: the customer's latest tickets; for the team, how many wait for us."""
    user = request.user
    if user.is_staff:
        return {
            "template": "tickets/_dashboard_panel_staff.html",
            "waiting": Ticket.objects.filter(waiting_since__isnull=False).count(),
        }
    return {"template": "tickets/_dashboard_panel.html", "tickets": latest_tickets(user=user)}
