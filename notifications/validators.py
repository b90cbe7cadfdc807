"""Links a notification may carry: paths inside the portal, never an outside address."""

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _


def is_internal_path(value: str) -> bool:
    """True for a path of this site such as "/chamados/1042/" (query and fragment allowed).

    Refuses absolute URLs, scheme-relative "//host" and "/\\host" tricks, and control characters,
    so following the link can never become an open redirect.
    """
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return False
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    return url_has_allowed_host_and_scheme(value, allowed_hosts=set(), require_https=False)


def validate_internal_path(value: str) -> None:
    if value and not is_internal_path(value):
        raise ValidationError(
            _("Use a page of the portal, starting with “/” (for example /projetos/12/)."),
            code="external_link",
        )
