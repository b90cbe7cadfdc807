"""Staff, and customers of a company that requires it, set up a second factor first."""

import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


def allowed_prefixes() -> tuple[str, ...]:
    """What a person without a second factor may still open: setting one up (allauth.mfa's
    pages, which also ask for the password again), signing out, the language switcher, static
    files, the health check."""
    return (
        reverse("mfa_index"),
        reverse("account_reauthenticate"),
        reverse("account_logout"),
        reverse("accounts:set_language"),
        reverse("healthz"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )


class SecondFactorRequiredMiddleware:
    """Sends a signed-in account that must use two-factor authentication (User.must_use_two_factor)
    and has none to the authenticator-app setup, before any other page: the admin included.

    Costs nothing for other accounts (the company comes with the user); for those it applies
    to, one EXISTS query per request until a factor is set up."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed: tuple[str, ...] | None = None

    def __call__(self, request):
        if self.allowed is None:
            self.allowed = allowed_prefixes()  # the URLconf is loaded by the first request
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_use_two_factor
            and not request.path.startswith(self.allowed)
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _("Your account needs two-factor authentication. Set up an authenticator app to continue."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


LAST_SEEN_SESSION_KEY = "accounts.last_seen"


class SessionLastSeenMiddleware:
    """Records this session's IP, browser and "last seen" for Meus dados → Sessões, at most
    every USERSESSIONS_LAST_SEEN_EVERY seconds per session (one timestamp kept in the session
    itself), so a busy page costs no extra write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        if user is None or session is None or not user.is_authenticated or not session.session_key:
            return response
        now = time.time()
        if now - session.get(LAST_SEEN_SESSION_KEY, 0) >= settings.USERSESSIONS_LAST_SEEN_EVERY:
            from allauth.usersessions.models import UserSession

            UserSession.objects.create_from_request(request, user=user, session=session)
            session[LAST_SEEN_SESSION_KEY] = now
        return response
