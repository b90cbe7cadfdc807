import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ideas import dashboard as ideas_dashboard
from notifications import dashboard as notifications_dashboard
from portal.page_cache import reader_page
from projects import dashboard as projects_dashboard
from tickets import dashboard as tickets_dashboard

# Each section contributes a panel to the dashboard's content area (the lists of
# chamados, projetos, ideias): `panel(request) -> dict | None`, a "template" key plus context.
DASHBOARD_PANELS = [
    notifications_dashboard.panel,
    tickets_dashboard.panel,
    projects_dashboard.panel,
    ideas_dashboard.panel,
]


def _panels(request):
    return [panel for panel in (build(request) for build in DASHBOARD_PANELS) if panel]


@login_required
@reader_page
def dashboard(request):
    """The customer's home after login: main menu, content panels, "Abrir chamado", bell, quick links."""
    return render(
        request,
        "dashboard.html",
        {"dashboard_panels": _panels(request), "open_ticket_url": reverse("tickets:create")},
    )


logger = logging.getLogger("portal.health")


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache():
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _check_broker():
    if not settings.REDIS_URL:
        return  # tasks run in-process: no broker to reach
    from portal.celery import app

    # The web side's sub-second socket timeouts and no retries (settings) bound this.
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=0)
        broker.default_channel.client.ping()


HEALTH_CHECKS = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database, the cache and the broker answer, 503
    otherwise. The body never says more than which part failed; the log has the error."""
    failed = []
    for name, check in HEALTH_CHECKS.items():
        try:
            check()
        except Exception as exc:
            failed.append(name)
            logger.error("Health check %s failed: %s: %s", name, type(exc).__name__, exc)
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
