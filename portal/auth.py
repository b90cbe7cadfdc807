"""The signed-in person from the session's own query (accounts.sessions loads the session row
with its person and company).

Django's `get_user` still does everything: it reads the user id and backend from the session,
asks the backend for the user (accounts.backends, which also checks the company) and verifies
the session's auth hash (a password change still ends other sessions). The only change is
where the backend finds the user: the row the session query already brought, when its id is
the one the session names.
"""

from contextvars import ContextVar

from django.contrib import auth
from django.contrib.auth import middleware as auth_middleware
from django.utils.functional import SimpleLazyObject

_preloaded_user: ContextVar = ContextVar("preloaded_user", default=None)


def preloaded_user():
    """The person loaded with this request's session, while Django asks the backend for it."""
    return _preloaded_user.get()


def get_user(request):
    request.session.get(auth.SESSION_KEY)  # loads the session (and, with it, the person)
    token = _preloaded_user.set(getattr(request.session, "preloaded_user", None))
    try:
        return auth.get_user(request)
    finally:
        _preloaded_user.reset(token)


def _cached_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _cached_user(request))
