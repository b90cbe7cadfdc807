"""State changes only by POST with CSRF: every URL is classified (a new one fails here until
it is), a GET on a state-changing URL is 405, a GET on any page writes nothing, and a POST
without the CSRF token is 403 and writes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

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
}
ALLAUTH = "account_"


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
    }.get(name, [])


def test_every_url_is_classified():
    names = {name for name, _url in routed_urls() if not name.startswith(ALLAUTH)}
    assert names == set(STATE_CHANGING) | set(FORMS) | READ_ONLY | TOKEN_AUTHENTICATED


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
    "name", sorted(READ_ONLY | set(FORMS) | {n for n, _ in routed_urls() if n.startswith(ALLAUTH)})
)
def test_get_on_a_page_writes_nothing(customer_client, world, name):
    url = reverse(name, args=page_args(name, world))
    before = snapshot()
    # Query strings that would be the form's data: a GET never acts on them.
    data = {**FORMS.get(name, {}), "status": "closed", "voted": "1", "score": "5", "language": "en"}

    response = customer_client.get(url, data)

    assert response.status_code in (200, 302), f"{name}: {response.status_code}"
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
