"""The plugin's pages, in the popup window the host's "Alguma dúvida?" button opens.

The host page POSTs the token here by a form targeting the popup (never in a URL, never by
postMessage), so the session cookie is a first-party cookie of the popup and third-party
cookie blocking does not matter. Every page keeps `frame-ancestors 'none'`.
"""

import logging
from functools import wraps

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kb import search
from tickets import services as ticket_services
from tickets.forms import TicketOpenForm
from tickets.models import Ticket

from . import selectors, services
from .tokens import TokenRefused, verify

logger = logging.getLogger("portal.plugin")


def popup_page(view):
    """The popup stays the host's named window while the button may target it again:
    Cross-Origin-Opener-Policy "same-origin" would move it to a new browsing context group
    and drop that name. The portal's other pages keep it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cross-Origin-Opener-Policy"] = "unsafe-none"
        return response

    return wrapper


SESSION_KEY = "plugin"
SUGGESTIONS = 5
MAX_TOKEN_LENGTH = 8192


def _refuse(request, reason: str, integration=None, status: int = 403):
    logger.warning(
        "plugin sign-in refused: reason=%s integration=%s ip=%s",
        reason,
        integration.public_id if integration else "-",
        request.META.get("REMOTE_ADDR", "-"),
    )
    return render(
        request, "plugin/refused.html", {"reason": reason, "integration": integration}, status=status
    )


@popup_page
@csrf_exempt  # a cross-site form POST by design: the signed, single-use token is the proof
@require_POST
def sign_in(request):
    token = request.POST.get("token", "")
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return _refuse(request, "malformed", status=400)
    next_url = request.POST.get("next", "")
    if next_url and not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return _refuse(request, "next", status=400)
    try:
        # The page that posted the token must be one of the integration's allowed origins.
        verified = verify(token, origin=request.headers.get("Origin", ""))
    except TokenRefused as refused:
        return _refuse(request, refused.reason, refused.integration)
    integration = verified.integration
    try:
        user = services.plugin_person(verified=verified)
    except TokenRefused as refused:
        return _refuse(request, refused.reason, integration)
    login(request, user, backend="portal.auth.ModelBackend")
    request.session[SESSION_KEY] = {"integration": integration.pk, "context": verified.context}
    return redirect(next_url or "plugin:home")


def _plugin_context(request):
    """The integration and screen context of this plugin session, or (None, {})."""
    data = request.session.get(SESSION_KEY) or {}
    integration = selectors.integration_for(user=request.user, integration_id=data.get("integration"))
    return integration, (data.get("context") or {}) if integration else {}


@popup_page
@login_required
def home(request):
    """Compact help: search this system's articles (suggestions for the module first), then
    "Abrir chamado"."""
    integration, context = _plugin_context(request)
    query = request.GET.get("q", "").strip()[: search.MAX_LENGTH]
    within = integration.system if integration else None
    if query:
        hits = search.search(user=request.user, query=query, within=within)[:10]
    else:
        hint = " ".join(filter(None, [context.get("module"), context.get("screen")]))
        hits = search.search(user=request.user, query=hint, suggest=True, within=within)[:SUGGESTIONS]
    return render(
        request,
        "plugin/home.html",
        {"integration": integration, "context": context, "query": query, "hits": hits},
    )


@popup_page
@login_required
def ticket_create(request):
    integration, context = _plugin_context(request)
    if request.method == "POST":
        form = TicketOpenForm(request.POST, request.FILES, user=request.user)
        origin = ticket_services.Origin(
            channel=Ticket.Channel.PLUGIN if integration else Ticket.Channel.PORTAL,
            integration=integration,
            module=context.get("module", ""),
            screen=context.get("screen", ""),
            version=context.get("version", ""),
            url=context.get("url", ""),
        )
        if form.is_valid() and (ticket := form.save(origin=origin)) is not None:
            return redirect("plugin:ticket_sent", number=ticket.number)
    else:
        form = TicketOpenForm(user=request.user, initial={"subject": request.GET.get("assunto", "")[:200]})
    return render(
        request, "plugin/ticket_form.html", {"form": form, "integration": integration, "context": context}
    )


@popup_page
@login_required
def ticket_sent(request, number: int):
    ticket = Ticket.objects.visible_to(request.user).filter(number=number).first()
    if ticket is None:
        raise Http404
    messages.success(
        request,
        _("Ticket %(number)s opened. Our team will answer you soon.") % {"number": ticket.display_number},
    )
    return render(request, "plugin/ticket_sent.html", {"ticket": ticket})
