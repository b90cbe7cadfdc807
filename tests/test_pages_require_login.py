"""Anonymous visitors see the public knowledge base and the sign-in pages; everything else
sends them to the login. Walks every URL the project routes, so a new page is covered the
day it is added (and must be listed here on purpose to be public)."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")

# Public on purpose. Namespaces ending in ":" are public as a whole.
PUBLIC = {
    # The public knowledge base (what each visitor may read is tested in tests/kb/).
    "kb:home",
    "kb:search",
    "kb:suggestions",
    "kb:category",
    "kb:article",
    "kb:feedback",  # "Isso ajudou?" is for visitors too
    "sitemap",
    "privacy_notice",  # what is stored, why, for how long: for everyone
    "healthz",  # for load balancers; says nothing but which part failed
    # The plugin popup's sign-in, which takes the host's signed token.
    "plugin:sign_in",
    "accounts:set_language",  # the footer's language switcher works before login too
    "account_login",
    "account_logout",
    "account_signup",  # shows "sign-up closed"
    "account_inactive",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
    "account_email_verification_sent",
    "account_confirm_login_code",
    # The second step of a sign-in (code, passkey): before it the visitor is not signed in;
    # without a pending sign-in they are sent back to the login.
    "mfa_authenticate",
    "mfa_trust",
    "mfa_login_webauthn",
    "mfa_signup_webauthn",
}
# Routed elsewhere on purpose (the admin has its own tests; media only exists with DEBUG).
SKIPPED_NAMESPACES = {"admin"}

DUMMY_BY_CONVERTER = {"int": 1, "str": "x", "slug": "x", "path": "x", "uuid": uuid.uuid4()}


def routed_urls():
    """(name, url) for every named route, with dummy values for its parameters."""

    def walk(patterns, namespace=None, inherited=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                full = f"{namespace}:{ns}" if namespace and ns else ns or namespace
                if full in SKIPPED_NAMESPACES:
                    continue
                # Parameters of an include's own prefix ("keys/<int:pk>/") belong to its routes.
                prefix = {**(inherited or {}), **getattr(pattern.pattern, "converters", {})}
                yield from walk(pattern.url_patterns, full, prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                converters = {**(inherited or {}), **getattr(pattern.pattern, "converters", {})}
                kwargs = {}
                for key, converter in converters.items():
                    kind = type(converter).__name__.replace("Converter", "").lower()
                    kwargs[key] = DUMMY_BY_CONVERTER.get(kind, "x")
                regex_groups = pattern.pattern.regex.groupindex
                if regex_groups and not converters:
                    continue  # regex routes (allauth's keyed links) are all public anyway
                yield name, reverse(name, kwargs=kwargs)

    return sorted(set(walk(get_resolver().url_patterns)))


def is_public(name: str) -> bool:
    return name in PUBLIC or any(name.startswith(prefix) for prefix in PUBLIC if prefix.endswith(":"))


PRIVATE_URLS = [(name, url) for name, url in routed_urls() if not is_public(name)]


def test_the_walk_finds_the_portals_pages():
    names = {name for name, _ in PRIVATE_URLS}
    assert {"dashboard", "accounts:profile", "account_change_password", "notifications:list"} <= names


@pytest.mark.parametrize(("name", "url"), PRIVATE_URLS, ids=[name for name, _ in PRIVATE_URLS])
def test_anonymous_is_sent_to_login(client, name, url):
    response = client.get(url, follow=True)

    if response.status_code == 405:  # POST-only endpoint: try it the way it is meant to be used
        response = client.post(url, follow=True)
    assert response.redirect_chain, f"{name} ({url}) answered {response.status_code} to an anonymous visitor"
    final = response.redirect_chain[-1][0]
    assert final.startswith(LOGIN_URL + "?next="), f"{name} ({url}) sent an anonymous visitor to {final}"
    assert response.status_code == 200


def test_dashboard_needs_login(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={reverse('dashboard')}"


def test_public_home_is_the_knowledge_base(client):
    response = client.get("/")

    assert response.status_code == 200
    assertContains(response, '<h1 class="display-6">Base de conhecimento</h1>')
    assertContains(response, f'href="{LOGIN_URL}">Acessar a minha conta</a>')


def test_login_and_reset_pages_are_public(client):
    for name in ("account_login", "account_reset_password", "account_reset_password_done"):
        assert client.get(reverse(name)).status_code == 200
