"""Another customer's ticket, message, attachment, project, notification (or a draft idea)
through every customer-facing URL that names an object: 404, and nothing in the database
changes. The walk over the URL resolver makes a new object URL fail here until it is listed."""

import pytest
from django.urls import reverse

from tests.helpers import client_token
from tests.security.helpers import SECRET, snapshot
from tests.test_pages_require_login import is_public, routed_urls

pytestmark = pytest.mark.django_db

# How each object URL is reached with Ana's object, and what a POST carries.
OBJECT_URLS = {
    "tickets:detail": ("GET", lambda w: [w.ticket.number], {}),
    "tickets:attachment": ("GET", lambda w: [w.ticket.number, w.attachment.pk], {}),
    "tickets:attachment_thumbnail": ("GET", lambda w: [w.ticket.number, w.attachment.pk], {}),
    "tickets:reply": ("POST", lambda w: [w.ticket.number], {"body": "invadido"}),
    "tickets:resolve": ("POST", lambda w: [w.ticket.number], {"status": "closed"}),
    "tickets:rate": ("POST", lambda w: [w.ticket.number], {"score": "1", "comment": "invadido"}),
    "tickets:follow": ("POST", lambda w: [w.ticket.number], {}),
    "tickets:unfollow": ("POST", lambda w: [w.ticket.number], {}),
    "plugin:ticket_sent": ("GET", lambda w: [w.ticket.number], {}),
    "projects:detail": ("GET", lambda w: [w.project.pk], {}),
    "projects:file": ("GET", lambda w: [w.project.pk, w.update_file.pk], {}),
    "projects:file_thumbnail": ("GET", lambda w: [w.project.pk, w.update_file.pk], {}),
    "projects:comment": ("POST", lambda w: [w.project.pk, w.project_update.pk], {"body": "invadido"}),
    "notifications:detail": ("GET", lambda w: [w.notification.pk], {}),
    "notifications:by_batch": ("GET", lambda w: [w.notification.batch], {}),
    "notifications:open": ("POST", lambda w: [w.notification.pk], {}),
    "notifications:mark_read": ("POST", lambda w: [w.notification.pk], {"next": "/painel/"}),
    # Published ideas are for every customer; a draft is nobody's but the team's.
    "ideas:detail": ("GET", lambda w: [w.draft_idea.pk], {}),
    "ideas:vote": ("POST", lambda w: [w.draft_idea.pk], {"voted": "1"}),
    "ideas:rate": ("POST", lambda w: [w.draft_idea.pk], {"score": "5"}),
    "ideas:follow": ("POST", lambda w: [w.draft_idea.pk], {"following": "1"}),
    "ideas:comment": ("POST", lambda w: [w.draft_idea.pk], {"body": "invadido"}),
    "accounts:session_end": ("POST", lambda w: [ana_session(w).pk], {}),
}
# allauth.mfa's pages about one security key ask for the password again first: probed by an
# intruder who has just typed theirs, in tests/accounts/test_two_factor.py.
PROBED_ELSEWHERE = {"mfa_edit_webauthn", "mfa_remove_webauthn"}


def ana_session(world):
    from allauth.usersessions.models import UserSession

    return UserSession.objects.create(user=world.ticket.customer, ip="198.51.100.1", session_key="a" * 32)


def object_url_names() -> set[str]:
    # (allauth.mfa's pages live under /conta/2fa/: that digit names no object.)
    return {
        name
        for name, url in routed_urls()
        if not is_public(name)
        and any(c.isdigit() for c in url.replace("/2fa/", "/"))
        and name not in PROBED_ELSEWHERE
    }


def request(client, name, world):
    method, args, data = OBJECT_URLS[name]
    url = reverse(name, args=args(world))
    if method == "GET":
        return url, client.get(url)
    return url, client.post(url, {**data, "client_token": client_token()})


def test_every_object_url_is_probed():
    assert object_url_names() == set(OBJECT_URLS)


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_intruder_gets_404_and_nothing_changes(client, world, intruder, name):
    client.force_login(intruder)
    before = snapshot()

    url, response = request(client, name, world)

    assert response.status_code == 404, f"{intruder.username} got {response.status_code} on {url}"
    assert SECRET not in response.content.decode(errors="replace")
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(n for n in OBJECT_URLS if not n.startswith("ideas:")))
def test_owner_reaches_her_objects(customer_client, world, name):
    """The same requests work for Ana (a draft idea is 404 to every customer): the 404s
    above are about who asks."""
    _url, response = request(customer_client, name, world)
    assert response.status_code in (200, 302)


def test_lists_counts_feeds_and_dashboard_never_include_it(client, world, intruder):
    client.force_login(intruder)
    pages = [
        "/painel/",
        "/chamados/",
        f"/chamados/?q={world.ticket.number}",
        "/chamados/?q=sigiloso",
        f"/chamados/?q=%23{world.ticket.number}",
        "/chamados/?status=new",
        "/projetos/",
        "/projetos/?status=in_production",
        "/notificacoes/",
        "/notificacoes/?status=unread",
        "/ideias/",
        "/ideias/?sort=newest",
        f"/chamados/novo/?ref={world.ticket.number}",
    ]
    for page in pages:
        response = client.get(page)
        html = response.content.decode()
        assert response.status_code == 200, page
        assert SECRET not in html, page
        assert f"/chamados/{world.ticket.number}/" not in html, page
        assert f"/projetos/{world.project.pk}/" not in html, page
        assert f"/notificacoes/{world.notification.pk}/" not in html, page
        assert f"/ideias/{world.draft_idea.pk}/" not in html, page
    # The bell counts nothing that is Ana's.
    assert 'data-testid="bell-count"' not in client.get("/painel/").content.decode()


def test_intruder_follow_up_reference_is_dropped(client, world, stranger):
    client.force_login(stranger)
    client.post(
        "/chamados/novo/",
        {
            "sector": world.ticket.sector_id,
            "subject": "Meu chamado",
            "description": "texto",
            "related_to": str(world.ticket.number),
            "client_token": client_token(),
        },
    )
    mine = stranger.tickets.get()
    assert mine.related_to is None
    assert SECRET not in client.get(mine.get_absolute_url()).content.decode()
