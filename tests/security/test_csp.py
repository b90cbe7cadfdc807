"""Content-Security-Policy on every page, and no page needs what it forbids: no inline
<script>, no style="" and no on*= handlers in any template or any rendered page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.test_pages_require_login import routed_urls

from .test_state_changes import FORMS, READ_ONLY, page_args

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# E-mails are not pages: mail clients need inline styles and never get our CSP.
EMAIL_TEMPLATES = re.compile(r"(^|/)emails?/")

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"(href|src|action|formaction)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = set(words[1:])
    return parsed


def assert_strict_csp(response, where):
    header = response.get("Content-Security-Policy", "")
    assert header, f"{where}: no Content-Security-Policy"
    policy = directives(header)
    assert policy.get("default-src") == {"'self'"}, where
    assert policy.get("object-src") == {"'none'"}, where
    assert policy.get("base-uri") == {"'none'"}, where
    assert policy.get("frame-ancestors") == {"'none'"}, where
    scripts = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, where
    assert not any(src in scripts for src in ("*", "data:", "http:", "https:")), where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["X-Content-Type-Options"] == "nosniff", where


def assert_no_inline_code(html, where):
    for pattern in (INLINE_SCRIPT, STYLE_ATTRIBUTE, HANDLER_ATTRIBUTE, JS_URL, STYLE_ELEMENT):
        match = pattern.search(html)
        assert not match, f"{where}: {html[max(match.start() - 80, 0) : match.end() + 80]!r}"


def test_no_template_needs_inline_code():
    checked = 0
    for path in TEMPLATES.rglob("*.html"):
        relative = path.relative_to(TEMPLATES).as_posix()
        if EMAIL_TEMPLATES.search(relative):
            continue
        assert_no_inline_code(path.read_text(), relative)
        checked += 1
    assert checked > 40


def customer_pages():
    allauth = {name for name, _url in routed_urls() if name.startswith("account_")}
    # Sandboxed downloads: test_attachments.py and tests/projects/test_updates.py.
    files = {"tickets:attachment", "tickets:attachment_thumbnail", "projects:file", "projects:file_thumbnail"}
    return sorted((READ_ONLY - files) | set(FORMS) | allauth)


@pytest.mark.parametrize("name", customer_pages())
def test_every_customer_page_has_the_policy_and_no_inline_code(customer_client, world, name):
    response = customer_client.get(reverse(name, args=page_args(name, world)), follow=True)
    assert response.status_code == 200, name
    assert_strict_csp(response, name)
    if response["Content-Type"].startswith("text/html"):
        assert_no_inline_code(response.content.decode(), name)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/conta/login/",
        "/conta/password/reset/",
        "/conta/password/reset/done/",
        "/conta/signup/",
        "/conta/inactive/",
        "/conta/password/reset/key/1-x/",
        "/nao-existe/",
    ],
)
def test_public_pages_and_errors_have_the_policy_and_no_inline_code(client, url):
    response = client.get(url, follow=True)
    assert response.status_code in (200, 404), url
    assert_strict_csp(response, url)
    assert_no_inline_code(response.content.decode(), url)


def test_pages_with_forms_in_error_state_have_no_inline_code(customer_client, world):
    for url, data in [
        ("/chamados/novo/", {"subject": ""}),
        (f"/chamados/{world.ticket.number}/responder/", {"body": ""}),
        ("/ideias/sugerir/", {"title": ""}),
        ("/meus-dados/", {"email": "x"}),
        ("/conta/password/change/", {"oldpassword": "x"}),
    ]:
        response = customer_client.post(url, data)
        assert response.status_code == 200, url
        assert_no_inline_code(response.content.decode(), url)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/tickets/ticket/",
        "/admin/tickets/ticket/{ticket}/change/",
        "/admin/notifications/announcement/add/",
        "/admin/projects/project/{project}/change/",
        "/admin/accounts/user/",
    ],
)
def test_admin_pages_have_the_policy(staff, world, url):
    team = Client()
    team.force_login(staff)
    url = url.format(ticket=world.ticket.pk, project=world.project.pk)
    response = team.get(url)
    assert response.status_code == 200, url
    assert_strict_csp(response, url)
    html = response.content.decode()
    # The admin's own scripts are files (Django 5 ships no inline <script> in these pages).
    assert not INLINE_SCRIPT.search(html) and not HANDLER_ATTRIBUTE.search(html), url


def test_the_policy_comes_from_settings_without_unsafe_sources():
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    for name, sources in policy.items():
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, name
