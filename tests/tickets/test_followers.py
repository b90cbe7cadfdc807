"""Followers: colleagues of the customer (same company, tickets shared) who wrote in a ticket
or were added by its owner are told of its public replies; each can unfollow; another
company's person is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.models import Notification
from tests.factories import UserFactory
from tests.helpers import read_as
from tickets.followers import follower_add
from tickets.models import TicketFollower
from tickets.services import ticket_reply, ticket_staff_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(organization):
    organization.share_tickets = True
    organization.save()
    return organization


def follow_url(ticket):
    return reverse("tickets:follow", args=[ticket.number])


def notified(user, ticket):
    return Notification.objects.filter(recipient=user, link=ticket.get_absolute_url()).count()


def test_a_colleague_who_writes_follows_and_hears_of_team_replies(shared, ticket, colleague, customer, staff):
    ticket_reply(ticket=ticket, author=colleague, body="Acontece comigo também.")
    assert TicketFollower.objects.filter(ticket=ticket, user=colleague, is_active=True).exists()
    # Ana hears that her colleague wrote in her ticket.
    assert notified(customer, ticket) == 1

    ticket_staff_update(ticket=ticket, actor=staff, body="Estamos verificando.")
    assert notified(colleague, ticket) == 1
    notification = Notification.objects.get(recipient=colleague)
    assert "Estamos verificando." in notification.body

    ticket_staff_update(ticket=ticket, actor=staff, body="Nota interna", internal=True)
    assert notified(colleague, ticket) == 1


def test_the_owner_adds_a_colleague(shared, ticket, colleague, customer_client, staff):
    page = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert "Adicionar seguidor" in page and "Bruno Lima" in page

    response = customer_client.post(follow_url(ticket), {"user": colleague.pk})
    assert response.status_code == 302
    ticket_staff_update(ticket=ticket, actor=staff, body="Pronto.")

    assert notified(colleague, ticket) == 1
    assert "Bruno Lima" in customer_client.get(ticket.get_absolute_url()).content.decode()


def test_the_owner_cannot_add_someone_from_another_company(shared, ticket, stranger, customer_client, staff):
    response = customer_client.post(follow_url(ticket), {"user": stranger.pk}, follow=True)

    assert response.status_code == 200
    assert not TicketFollower.objects.exists()
    ticket_staff_update(ticket=ticket, actor=staff, body="Pronto.")
    assert notified(stranger, ticket) == 0


def test_the_service_refuses_another_company_staff_and_the_owner(shared, ticket, stranger, staff, customer):
    for person in (stranger, staff, customer, UserFactory(organization=None)):
        with pytest.raises(ValidationError):
            follower_add(ticket=ticket, user=person, added_by=staff)
    assert not TicketFollower.objects.exists()


def test_no_followers_when_the_company_does_not_share_tickets(ticket, colleague, customer_client, client):
    with pytest.raises(ValidationError):
        follower_add(ticket=ticket, user=colleague, added_by=None)
    assert "Adicionar seguidor" not in customer_client.get(ticket.get_absolute_url()).content.decode()
    client.force_login(colleague)
    assert client.post(follow_url(ticket)).status_code == 404


def test_a_colleague_follows_and_unfollows(shared, ticket, colleague, client, staff):
    client.force_login(colleague)
    assert "Seguir" in client.get(ticket.get_absolute_url()).content.decode()
    client.post(follow_url(ticket))
    ticket_staff_update(ticket=ticket, actor=staff, body="Primeira.")
    assert notified(colleague, ticket) == 1

    response = client.post(reverse("tickets:unfollow", args=[ticket.number]))
    assert response.status_code == 302
    ticket_staff_update(ticket=ticket, actor=staff, body="Segunda.")
    assert notified(colleague, ticket) == 1

    # Writing again does not bring back someone who chose to leave.
    ticket_reply(ticket=ticket, author=colleague, body="Obrigado.")
    ticket_staff_update(ticket=ticket, actor=staff, body="Terceira.")
    assert notified(colleague, ticket) == 1


def test_followers_are_told_in_their_own_language(shared, ticket, colleague, staff):
    colleague.language = "en"
    colleague.save()
    follower_add(ticket=ticket, user=colleague, added_by=None)
    ticket_staff_update(ticket=ticket, actor=staff, body="Done.")
    title, _ = read_as(colleague, Notification.objects.get(recipient=colleague))
    assert title.startswith("New reply on ticket")


def test_a_follower_who_moved_to_another_company_is_no_longer_told(
    shared, ticket, colleague, staff, stranger
):
    follower_add(ticket=ticket, user=colleague, added_by=None)
    colleague.organization = stranger.organization
    colleague.save()
    ticket_staff_update(ticket=ticket, actor=staff, body="Pronto.")
    assert notified(colleague, ticket) == 0
