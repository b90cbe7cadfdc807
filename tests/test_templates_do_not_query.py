"""Templates never query: every signed-in customer page gets its data from the view (and the
context processors) already fetched, so the database work of a page is visible in one place
and its query count cannot grow inside a loop of a template."""

import contextlib

import pytest
from django.template import base as template_base
from django.template import context as template_context
from django.urls import reverse

from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.kb.factories import ArticleFactory
from tests.notifications.factories import NotificationFactory
from tests.projects.factories import MilestoneFactory, ProjectFactory, ProjectUpdateFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Satisfaction, Sector, Ticket, TicketFollower

pytestmark = pytest.mark.django_db


@pytest.fixture
def templates_without_database(monkeypatch, django_db_blocker):
    """Block the database while the outermost template renders (after the context
    processors ran), for every page the test requests."""
    original = template_base.Template.render
    depth = {"value": 0}

    def render(self, context):
        depth["value"] += 1
        try:
            blocked = django_db_blocker.block() if depth["value"] == 1 else contextlib.nullcontext()
            with blocked:
                return original(self, context)
        finally:
            depth["value"] -= 1

    # The context processors run when the outermost template binds its context, inside
    # Template.render: they run unblocked, the way a view's own data is fetched.
    original_request_bind = template_context.RequestContext.bind_template

    @contextlib.contextmanager
    def bind_template(self, template):
        with django_db_blocker.unblock():
            manager = original_request_bind(self, template)
            manager.__enter__()
        try:
            yield
        finally:
            manager.__exit__(None, None, None)

    monkeypatch.setattr(template_context.RequestContext, "bind_template", bind_template)
    monkeypatch.setattr(template_base.Template, "render", render)


def customer_world():
    customer = UserFactory(organization__share_tickets=True)
    sector, _ = Sector.objects.get_or_create(is_default=True, defaults={"name": "Suporte"})
    ticket = TicketFactory(
        customer=customer, sector=sector, subject="Nota rejeitada", description="Erro 539."
    )
    project = ProjectFactory(organization=customer.organization)
    MilestoneFactory(project=project)
    ProjectUpdateFactory(project=project)
    idea = IdeaFactory()
    article = ArticleFactory()
    NotificationFactory(recipient=customer, link=ticket.get_absolute_url())
    return customer, ticket, project, idea, article


def test_signed_in_pages_render_with_the_database_blocked(client, templates_without_database):
    customer, ticket, project, idea, article = customer_world()
    client.force_login(customer)
    pages = [
        reverse("dashboard"),
        reverse("tickets:list"),
        reverse("tickets:list") + "?status=new",
        ticket.get_absolute_url(),
        reverse("notifications:list"),
        reverse("projects:list"),
        reverse("projects:detail", args=[project.pk]),
        reverse("ideas:list"),
        reverse("ideas:detail", args=[idea.pk]),
        reverse("notifications:activity"),
        reverse("kb:home"),
        article.get_absolute_url(),
        reverse("kb:category", args=[article.category.slug]),
        reverse("kb:search") + "?q=artigo",
    ]
    failures = []
    for url in pages:
        try:
            response = client.get(url)
        except RuntimeError as blocked:  # pytest-django's "Database access not allowed"
            failures.append(f"{url}: {str(blocked).splitlines()[0]}")
        else:
            assert response.status_code == 200, url
    assert not failures, "templates that query:\n" + "\n".join(failures)


def test_closing_the_loop_pages_render_with_the_database_blocked(client, templates_without_database):
    """A resolved ticket asks for a rating and offers colleagues to follow it; the rating page."""
    customer, ticket, *_ = customer_world()
    UserFactory(organization=customer.organization, first_name="Bruno")
    TicketFollower.objects.create(ticket=ticket, user=UserFactory(organization=customer.organization))
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.RESOLVED)
    rated = TicketFactory(customer=customer, sector=ticket.sector, status=Ticket.Status.RESOLVED)
    Satisfaction.objects.create(ticket=rated, customer=customer, score=4, comment="Bom")
    client.force_login(customer)
    for url in (
        ticket.get_absolute_url(),
        reverse("tickets:rate", args=[ticket.number]) + "?nota=5",
        rated.get_absolute_url(),
        reverse("tickets:rate", args=[rated.number]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Bruno" in client.get(ticket.get_absolute_url()).content.decode()
