"""One rule for "read": opening a notification's target (ticket page, project, idea) marks the
matching notifications read, whichever way the customer got there: straight from a list, from
the bell's "Open", or from an e-mail link (which lands on the notification page first)."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.ideas.factories import IdeaFactory
from tests.projects.factories import ProjectFactory
from tests.tickets.factories import TicketFactory
from tickets.services import ticket_staff_update

pytestmark = pytest.mark.django_db


def unread(user, link=None):
    notifications = Notification.objects.for_user(user).unread()
    return notifications.filter(link=link).count() if link else notifications.count()


@pytest.fixture
def ticket(customer):
    return TicketFactory(customer=customer, subject="Erro no boleto")


@pytest.fixture
def two_replies(ticket, staff):
    ticket_staff_update(ticket=ticket, actor=staff, body="Primeira resposta.")
    ticket_staff_update(ticket=ticket, actor=staff, body="Segunda resposta.")
    assert unread(ticket.customer, ticket.get_absolute_url()) == 2
    return ticket


def test_ticket_page_from_the_list_reads_every_notification_about_it(two_replies, customer, customer_client):
    other = Notification.objects.create(recipient=customer, title="Outro", link="/chamados/99999/")

    customer_client.get(reverse("tickets:list"))
    assert unread(customer, two_replies.get_absolute_url()) == 2
    customer_client.get(two_replies.get_absolute_url())

    assert unread(customer, two_replies.get_absolute_url()) == 0
    other.refresh_from_db()
    assert not other.is_read


def test_open_from_the_bell_reads_the_others_about_the_same_ticket(two_replies, customer, customer_client):
    first = Notification.objects.for_user(customer).first()

    response = customer_client.post(reverse("notifications:open", args=[first.pk]))

    assert response.url == two_replies.get_absolute_url()
    assert unread(customer) == 0


def test_email_link_lands_on_the_notification_then_open_reads_all(two_replies, customer, customer_client):
    notification = Notification.objects.for_user(customer).first()

    response = customer_client.get(reverse("notifications:by_batch", args=[notification.batch]), follow=True)
    assert response.status_code == 200
    # Viewing the notification page is not reading it (the team's rule since the bell).
    assert unread(customer) == 2

    customer_client.post(reverse("notifications:open", args=[notification.pk]), follow=True)
    assert unread(customer) == 0


def test_a_link_with_a_fragment_matches_its_page(ticket, customer, customer_client):
    Notification.objects.create(
        recipient=customer, title="Resposta", link=f"{ticket.get_absolute_url()}#message-3"
    )
    Notification.objects.create(recipient=customer, title="Parecido", link=f"{ticket.get_absolute_url()}9/")

    customer_client.get(ticket.get_absolute_url())

    assert unread(customer) == 1
    assert Notification.objects.for_user(customer).unread().get().title == "Parecido"


def test_project_page_reads_its_notifications(customer, organization, customer_client):
    project = ProjectFactory(organization=organization)
    project.customers.set([customer])
    Notification.objects.create(
        recipient=customer, title="Nova atualização", link=project.get_absolute_url(), kind="project"
    )

    customer_client.get(project.get_absolute_url())

    assert unread(customer) == 0


def test_idea_page_reads_its_notifications(customer, customer_client):
    idea = IdeaFactory(title="Exportar para Excel")
    Notification.objects.create(recipient=customer, title="Ideia", link=idea.get_absolute_url(), kind="idea")

    customer_client.get(idea.get_absolute_url())

    assert unread(customer) == 0


def test_someone_elses_page_reads_nothing(ticket, colleague, client, staff):
    ticket_staff_update(ticket=ticket, actor=staff, body="Resposta.")
    client.force_login(colleague)

    assert client.get(ticket.get_absolute_url()).status_code == 404
    assert unread(ticket.customer) == 1
