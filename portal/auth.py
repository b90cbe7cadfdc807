"""Authentication that reuses the person loaded with the session (accounts.sessions).

Django's own `get_user` still does everything: it reads the user id and backend from the
session, asks the backend for the user and verifies the session's auth hash (a password
change still ends other sessions). The only change is where the backend finds the user: the
row the session query already brought, when its id is the one the session names.
"""

from contextvars import ContextVar

from allauth.account import auth_backends as allauth_backends
from django.contrib import auth
from django.contrib.auth import backends as django_backends
from django.contrib.auth import middleware as auth_middleware
from django.utils.functional import SimpleLazyObject

_preloaded_user: ContextVar = ContextVar("preloaded_user", default=None)


class ModelBackend(django_backends.ModelBackend):
    """Django's backend; the user comes from the session's query when it is the one named."""

    def get_user(self, user_id):
        user = _preloaded_user.get()
        if user is not None and str(user.pk) == str(user_id):
            return user if self.user_can_authenticate(user) else None
        return super().get_user(user_id)


class AuthenticationBackend(ModelBackend, allauth_backends.AuthenticationBackend):
    """allauth's backend (username or e-mail), with the same reuse."""


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
