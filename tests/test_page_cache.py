"""The page cache (portal/page_cache.py): a customer's page is served again without rendering
while nothing it shows has changed, and the next page after any change (theirs, a colleague's
or the team's) is fresh. Every other test of the suite runs with it on as well."""

import re
import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ideas.models import Idea
from kb.models import Article
from notifications.models import Notification
from notifications.services import notify
from portal import page_cache
from projects.models import Project
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.kb.factories import ArticleFactory
from tests.projects.factories import ProjectFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Sector
from tickets.services import ticket_staff_update

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLIENT_TOKEN = re.compile(r'name="client_token" value="([^"]+)"')


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def served_from_cache(client, url) -> bool:
    """True when the view did not run: only the session is read."""
    count, _html = queries(client, url)
    return count <= 1


@pytest.fixture
def ticket(customer):
    return TicketFactory(customer=customer, subject="Nota rejeitada", description="Erro 539.")


HOT_PAGES = [
    "/painel/",
    "/chamados/",
    "/chamados/?status=aberto",
    "/notificacoes/",
    "/notificacoes/atividade/",
    "/projetos/",
    "/ideias/",
]


@pytest.mark.parametrize("url", HOT_PAGES)
def test_a_page_seen_again_is_served_without_rendering(customer_client, ticket, url):
    customer_client.get(reverse("accounts:profile"))  # the session's first page records the session
    first_count, first = queries(customer_client, url)
    again_count, again = queries(customer_client, url)
    assert first_count > 1
    assert again_count <= 1  # the session (with the person), nothing else
    strip = lambda html: CLIENT_TOKEN.sub("", CSRF.sub("", html))  # noqa: E731
    assert strip(again) == strip(first)


def test_detail_pages_are_served_from_cache_too(customer_client, customer, ticket):
    project = ProjectFactory(organization=customer.organization)
    idea = IdeaFactory()
    article = ArticleFactory()
    customer_client.get("/painel/")
    for url in (ticket.get_absolute_url(), project.get_absolute_url(), idea.get_absolute_url()):
        customer_client.get(url)
        customer_client.get(url)  # reading it marked it read: the next render is the stable one
        assert served_from_cache(customer_client, url), url
    customer_client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0")
    with CaptureQueriesContext(connection) as captured:
        customer_client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0")
    assert len(captured) == 2  # the session, and counting one more reader
    article.refresh_from_db()
    assert article.views == 2


def test_each_hit_has_a_fresh_working_csrf_token_and_form_token(client, customer, ticket):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    url = ticket.get_absolute_url()
    client.get(url)
    pages = [client.get(url).content.decode() for _ in range(2)]
    tokens = [CSRF.findall(page) for page in pages]
    client_tokens = [CLIENT_TOKEN.findall(page) for page in pages]
    assert tokens[0] and client_tokens[0]
    assert tokens[0][0] != tokens[1][0]  # masked afresh on every page, as Django does
    assert client_tokens[0][0] != client_tokens[1][0]  # a second reply is not a "double click"
    for page_tokens, page_client_tokens, body in zip(
        tokens, client_tokens, ("Primeira", "Segunda"), strict=True
    ):
        response = client.post(
            reverse("tickets:reply", args=[ticket.number]),
            {"body": body, "client_token": page_client_tokens[0], "csrfmiddlewaretoken": page_tokens[0]},
        )
        assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "Primeira" in html and "Segunda" in html


def test_a_flash_message_is_shown_once_and_never_cached(customer_client, ticket):
    url = ticket.get_absolute_url()
    customer_client.get(url)
    customer_client.get(url)
    response = customer_client.post(
        reverse("tickets:reply", args=[ticket.number]),
        {"body": "Mais um detalhe", "client_token": uuid.uuid4()},
    )
    assert response.status_code == 302
    shown = customer_client.get(url).content.decode()
    after = customer_client.get(url).content.decode()
    assert 'role="alert"' in shown or "alert-success" in shown
    assert "Mais um detalhe" in shown and "Mais um detalhe" in after
    assert after.count("alert-success") < shown.count("alert-success")


def test_team_reply_shows_on_the_next_page(customer_client, ticket, staff):
    url = ticket.get_absolute_url()
    customer_client.get(url)
    customer_client.get(url)
    ticket_staff_update(ticket=ticket, actor=staff, body="Corrija a inscrição estadual.")
    assert "Corrija a inscrição estadual." in customer_client.get(url).content.decode()
    listing = customer_client.get("/chamados/").content.decode()
    assert "Nota rejeitada" in listing


def test_a_colleagues_shared_ticket_shows_on_the_next_list(customer_client, customer, colleague):
    customer.organization.share_tickets = True
    customer.organization.save()
    customer_client.get("/chamados/")
    customer_client.get("/chamados/")
    TicketFactory(customer=colleague, subject="Chamado do Bruno")
    assert "Chamado do Bruno" in customer_client.get("/chamados/").content.decode()


def test_notifications_and_their_reading_show_at_once(customer_client, customer):
    customer_client.get("/notificacoes/")
    customer_client.get("/notificacoes/")
    notify([customer], title="Aviso da equipe: manutenção", kind=Notification.Kind.ANNOUNCEMENT)
    page = customer_client.get("/notificacoes/").content.decode()
    assert "Aviso da equipe: manutenção" in page
    customer_client.get("/notificacoes/?status=unread")
    customer_client.post(reverse("notifications:mark_all_read"))
    assert (
        'data-testid="notification"'
        not in customer_client.get("/notificacoes/?status=unread").content.decode()
    )


def test_votes_and_team_changes_show_on_the_next_page(customer_client, customer, colleague):
    idea = IdeaFactory(title="Exportar para Excel")
    project = ProjectFactory(organization=customer.organization, name="Migração")
    customer_client.get("/ideias/")
    customer_client.get(project.get_absolute_url())
    customer_client.get(project.get_absolute_url())
    other = Client()
    other.force_login(colleague)
    other.post(reverse("ideas:vote", args=[idea.pk]), {"voted": "1"})
    assert Idea.objects.get(pk=idea.pk).vote_count == 1
    assert served_from_cache(customer_client, "/ideias/") is False
    Project.objects.filter(pk=project.pk).get().save()  # the team saves it in the admin
    project.name = "Migração para a nuvem"
    project.save()
    assert "Migração para a nuvem" in customer_client.get(project.get_absolute_url()).content.decode()


def test_kb_and_sector_edits_reach_every_reader(customer_client):
    article = ArticleFactory(title="Como emitir")
    url = article.get_absolute_url()
    customer_client.get(url)
    customer_client.get(url)
    article.title = "Como emitir a NF-e"
    article.save()
    assert "Como emitir a NF-e" in customer_client.get(url).content.decode()
    customer_client.get("/chamados/")
    Sector.objects.create(name="Fiscal e tributário", email="fiscal@portal.example.com")
    assert "Fiscal e tributário" in customer_client.get("/chamados/").content.decode()


def test_each_reader_and_language_has_its_own_page(customer_client, customer, ticket, stranger):
    customer_client.get("/chamados/")
    customer_client.get("/chamados/")
    other = Client()
    other.force_login(stranger)
    assert "Nota rejeitada" not in other.get("/chamados/").content.decode()
    customer_client.post(reverse("accounts:set_language"), {"language": "en", "next": "/chamados/"})
    english = customer_client.get("/chamados/")
    assert english["Content-Language"] == "en"
    assert 'lang="en"' in english.content.decode()


def test_staff_are_never_served_from_cache(client, staff, customer):
    client.force_login(staff)
    ArticleFactory()
    url = Article.objects.first().get_absolute_url()
    client.get(url)
    count, _html = queries(client, url)
    assert count > 1


def test_pages_render_when_the_cache_server_is_down(settings, customer_client, ticket):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    assert customer_client.get("/chamados/").status_code == 200
    ticket_staff_update(
        ticket=ticket, actor=UserFactory(is_staff=True), body="Ok"
    )  # invalidating fails quietly
    assert "Ok" in customer_client.get(ticket.get_absolute_url()).content.decode()


def test_every_model_says_whose_pages_it_changes():
    """A new model must choose its readers in page_cache.SCOPES (unlisted = everyone's)."""
    portal_models = {
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.app_label in settings.PORTAL_APPS
    }
    assert portal_models - set(page_cache.SCOPES) == set()
    assert set(page_cache.SCOPES) - portal_models == set()
