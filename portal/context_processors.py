from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The main menu of the customer area, after "Meus dados" and before "Sair".
# Each item: label, URL name, Bootstrap Icons name (static/vendor/bootstrap-icons).
MAIN_MENU = [
    (_("My tickets"), "tickets:list", "ticket-detailed"),
    (_("My projects"), "projects:list", "kanban"),
    (_("Ideas and improvements"), "ideas:list", "lightbulb"),
]


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}


def main_menu(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for label, url_name, icon in MAIN_MENU:
        url = reverse(url_name)
        items.append({"label": label, "url": url, "icon": icon, "active": request.path.startswith(url)})
    return {"main_menu": items}
