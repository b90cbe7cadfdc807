from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The main menu of the customer area, after "Meus dados" and before "Sair".
MAIN_MENU = [
    (_("My tickets"), "tickets:list"),
    (_("My projects"), "projects:list"),
    (_("Ideas and improvements"), "ideas:list"),
]


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}


def main_menu(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    items = []
    for label, url_name in MAIN_MENU:
        url = reverse(url_name)
        items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"main_menu": items}
