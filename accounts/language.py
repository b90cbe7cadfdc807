"""The customer's language: chosen in the footer or Meus dados, kept on the account."""

from django.conf import settings
from django.http import HttpResponse


def language_cookie_set(response: HttpResponse, language: str) -> None:
    """Remember `language` in Django's language cookie, with the same attributes
    django.views.i18n.set_language uses (Secure/HttpOnly/SameSite from settings)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
