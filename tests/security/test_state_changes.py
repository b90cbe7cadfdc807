"""State changes only by POST with CSRF: every URL is classified (a new one fails here until
it is), a GET on a state-changing URL is 405, a GET on any page writes nothing, and a POST
without the CSRF token is 403 and writes nothing."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import email_change_url
from tests.helpers import client_token
from tests.security.helpers import snapshot
from tests.test_pages_require_login import routed_urls

pytestmark = pytest.mark.django_db

# URL name -> (args from the world, POST data that would change something).
STATE_CHANGING = {
    "tickets:reply": (lambda w: [w.ticket.number], {"body": "Resposta"}),
    "tickets:resolve": (lambda w: [w.ticket.number], {}),
    "tickets:follow": (lambda w: [w.ticket.number], {}),
    "tickets:unfollow": (lambda w: [w.ticket.number], {}),
    "projects:comment": (lambda w: [w.project.pk, w.project_update.pk], {"body": "Comentário"}),
    "ideas:vote": (lambda w: [w.idea.pk], {"voted": "1"}),
    "ideas:rate": (lambda w: [w.idea.pk], {"score": "5"}),
    "ideas:follow": (lambda w: [w.idea.pk], {"following": "1"}),
    "ideas:comment": (lambda w: [w.idea.pk], {"body": "Comentário"}),
    "notifications:open": (lambda w: [w.notification.pk], {}),
    "notifications:mark_read": (lambda w: [w.notification.pk], {}),
    "notifications:mark_all_read": (lambda w: [], {}),
    "accounts:set_language": (lambda w: [], {"language": "en"}),
    "kb:feedback": (lambda w: [w.article.slug], {"helpful": "no", "comment": "Faltou"}),
    "kb:deflect": (lambda w: [w.article.slug], {"query": "boleto"}),
    "accounts:session_end": (lambda w: [other_session(w.ticket.customer).pk], {}),
    "privacy:export_request": (lambda w: [], {}),
}
# Authenticated by the signed, single-use token the host posts cross-site, not by a session:
# exempt from CSRF on purpose (tests/plugin/ check every way a token is refused).
TOKEN_AUTHENTICATED = {"plugin:sign_in"}
# Pages whose GET shows a form; their POST changes state (with CSRF, below).
FORMS = {
    "plugin:ticket_create": {"subject": "Novo", "description": "Texto"},
    "tickets:create": {"subject": "Novo", "description": "Texto"},
    # Como foi o atendimento? The e-mail's links open the form; only its POST records.
    "tickets:rate": {"score": "5", "comment": "Ótimo"},
    "ideas:suggest": {"title": "Ideia", "description": "Texto"},
    "accounts:profile": {"first_name": "Outro", "email": "ana@acme.example.com", "username": "ana"},
    "privacy:deletion_request": {"password": "s3nha-Forte-2026"},
}
# Pages opened from a signed link mailed to the person: the GET shows a button, the POST (with
# CSRF) acts. name -> URL args from the world.
LINK_FORMS = {
    "accounts:email_change_confirm": lambda w: [
        email_change_url(user=w.ticket.customer, new_email="ana@nova.example.com")
        .rstrip("/")
        .rsplit("/", 1)[1]
    ],
}
# Pages that only read (allauth's account pages show forms or redirect on GET).
READ_ONLY = {
    "dashboard",
    "tickets:list",
    "tickets:detail",
    "tickets:attachment",
    "tickets:attachment_thumbnail",
    "projects:list",
    "projects:detail",
    "projects:file",
    "projects:file_thumbnail",
    "ideas:list",
    "ideas:detail",
    "ideas:similar",
    "notifications:list",
    "notifications:activity",
    "notifications:detail",
    "notifications:by_batch",
    "kb:home",
    "kb:search",
    "kb:suggestions",
    "kb:category",
    "kb:article",
    "sitemap",
    "healthz",
    "plugin:home",
    "plugin:ticket_sent",
    "privacy:home",
    "privacy:export_download",
    "privacy_notice",
}
# allauth's own pages (accounts, two-factor): forms on GET, tested by allauth and below.
ALLAUTH = ("account_", "mfa_", "usersessions_")
# allauth.mfa pages about one security key (its id in the URL): covered by the IDOR sweep.
MFA_KEYED = {"mfa_edit_webauthn", "mfa_remove_webauthn"}


def other_session(user):
    """A session of `user` on another device (for "encerrar")."""
    from allauth.usersessions.models import UserSession

    return UserSession.objects.create(user=user, ip="203.0.113.9", session_key=uuid.uuid4().hex)


def page_args(name, world):
    return {
        "tickets:detail": [world.ticket.number],
        "tickets:rate": [world.ticket.number],
        "tickets:attachment": [world.ticket.number, world.attachment.pk],
        "tickets:attachment_thumbnail": [world.ticket.number, world.attachment.pk],
        "projects:detail": [world.project.pk],
        "projects:file": [world.project.pk, world.update_file.pk],
        "projects:file_thumbnail": [world.project.pk, world.update_file.pk],
        "ideas:detail": [world.idea.pk],
        "notifications:detail": [world.notification.pk],
        "notifications:by_batch": [world.notification.batch],
        "kb:article": [world.article.slug],
        "kb:category": [world.article.category.slug],
        "plugin:ticket_sent": [world.ticket.number],
        "privacy:export_download": [ready_export(world.ticket.customer).token]
        if name == "privacy:export_download"
        else [],
    }.get(name, [])


def ready_export(user):
    """A data export of `user`, ready to download."""
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from privacy.models import DataExport

    export = DataExport(user=user, token=uuid.uuid4().hex, status=DataExport.Status.READY)
    export.ready_at, export.expires_at = timezone.now(), timezone.now() + timedelta(days=7)
    export.file.save("x.zip", ContentFile(b"PK"), save=False)
    export.save()
    return export


def test_every_url_is_classified():
    names = {name for name, _url in routed_urls() if not name.startswith(ALLAUTH)}
    assert names == set(STATE_CHANGING) | set(FORMS) | READ_ONLY | TOKEN_AUTHENTICATED | set(LINK_FORMS)


@pytest.mark.parametrize("name", sorted(LINK_FORMS))
def test_a_mailed_link_page_writes_nothing_on_get_and_refuses_a_post_without_csrf(customer, world, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    url = reverse(name, args=LINK_FORMS[name](world))
    before = snapshot()

    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 403

    assert snapshot() == before


def test_token_sign_in_is_post_only_and_a_post_without_token_changes_nothing(customer_client, world):
    url = reverse("plugin:sign_in")
    before = snapshot()
    assert customer_client.get(url).status_code == 405
    assert Client(enforce_csrf_checks=True).post(url, {}).status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(STATE_CHANGING))
def test_get_on_a_state_changing_url_is_405(customer_client, world, name):
    args, data = STATE_CHANGING[name]
    url = reverse(name, args=args(world))
    before = snapshot()

    assert customer_client.get(url, data).status_code == 405
    assert customer_client.head(url).status_code == 405

    assert snapshot() == before


@pytest.mark.parametrize(
    "name",
    sorted(
        READ_ONLY | set(FORMS) | {n for n, _ in routed_urls() if n.startswith(ALLAUTH) and n not in MFA_KEYED}
    ),
)
def test_get_on_a_page_writes_nothing(customer_client, world, name):
    url = reverse(name, args=page_args(name, world))
    before = snapshot()
    # Query strings that would be the form's data: a GET never acts on them.
    data = {**FORMS.get(name, {}), "status": "closed", "voted": "1", "score": "5", "language": "en"}

    response = customer_client.get(url, data)

    # allauth.mfa answers 404 for pages about a factor the customer has not set up.
    allowed = (200, 302, 404) if name.startswith("mfa_") else (200, 302)
    assert response.status_code in allowed, f"{name}: {response.status_code}"
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(STATE_CHANGING) + sorted(FORMS) + ["account_logout"])
def test_post_without_csrf_token_is_403_and_writes_nothing(customer, world, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    if name in STATE_CHANGING:
        args, data = STATE_CHANGING[name]
        url = reverse(name, args=args(world))
    else:
        url, data = reverse(name, args=page_args(name, world)), FORMS.get(name, {})
    before = snapshot()

    response = client.post(url, {**data, "client_token": client_token()})

    assert response.status_code == 403
    assert snapshot() == before
    assert client.get("/painel/").status_code == 200  # still signed in (logout refused too)
