from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from kb.sitemaps import SITEMAPS
from privacy import views as privacy_views

from . import views

# The admin signs in through allauth's login (rate-limited), not its own form.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("Portal do Cliente: team")
admin.site.site_title = _("Portal do Cliente")
admin.site.index_title = _("Administration")
# The app list beside every page took a quarter of a 1280 px screen and cut the ticket list's
# columns; the index and the breadcrumbs lead everywhere it did.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", include("kb.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("painel/", views.dashboard, name="dashboard"),
    path("healthz/", views.healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("meus-dados/privacidade/", include("privacy.urls")),
    path("privacidade/", privacy_views.privacy_notice, name="privacy_notice"),
    # The e-mail lives in Meus dados (one address per account): allauth's page to add
    # extra addresses, which would then work for login and reset, is not offered.
    path("conta/email/", RedirectView.as_view(pattern_name="accounts:profile"), name="account_email"),
    path("conta/", include("allauth.urls")),
    path("chamados/", include("tickets.urls")),
    path("projetos/", include("projects.urls")),
    path("ideias/", include("ideas.urls")),
    path("notificacoes/", include("notifications.urls")),
    path("plugin/", include("plugin.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
