"""Ownership and state come from request.user and the server's rules, never from a posted
field: customer, ticket, author, status, assignee, organization, recipient, user,
suggested_by, published are all ignored in customer POSTs."""

import pytest

from ideas.models import Idea, Rating, Vote
from notifications.models import Notification
from tests.helpers import client_token
from tests.notifications.factories import NotificationFactory
from tickets.models import Message, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def forged(stranger, staff, world):
    """Values an attacker would post to take over or move things."""
    return {
        "customer": stranger.pk,
        "author": stranger.pk,
        "user": stranger.pk,
        "recipient": stranger.pk,
        "suggested_by": stranger.pk,
        "ticket": world.ticket.pk + 1,
        "organization": stranger.organization_id,
        "assignee": staff.pk,
        "status": "closed",
        "internal": "on",
        "published": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "idea": world.draft_idea.pk,
        "project": world.project.pk,
    }


def test_ticket_reply_and_resolve(customer_client, customer, world, forged):
    base = f"/chamados/{world.ticket.number}/"
    customer_client.post(
        base + "responder/", {**forged, "body": "Minha resposta", "client_token": client_token()}
    )
    customer_client.post(base + "resolver/", forged)

    message = Message.objects.get(body="Minha resposta")
    assert (message.author, message.ticket, message.internal) == (customer, world.ticket, False)
    ticket = Ticket.objects.get(pk=world.ticket.pk)
    assert ticket.status == Ticket.Status.RESOLVED  # what "resolve" does, not the posted "closed"
    assert (ticket.customer, ticket.assignee, ticket.organization) == (customer, None, customer.organization)


def test_ticket_open(customer_client, customer, world, forged):
    customer_client.post(
        "/chamados/novo/",
        {
            **forged,
            "sector": world.ticket.sector_id,
            "subject": "Novo chamado",
            "description": "texto",
            "client_token": client_token(),
        },
    )
    ticket = Ticket.objects.get(subject="Novo chamado")
    assert (ticket.customer, ticket.organization, ticket.assignee) == (customer, customer.organization, None)
    assert ticket.status == Ticket.Status.NEW and ticket.related_to is None
    assert not ticket.messages.get().internal


def test_notifications(customer_client, customer, stranger, forged):
    mine = NotificationFactory(recipient=customer)
    theirs = NotificationFactory(recipient=stranger)
    customer_client.post(
        f"/notificacoes/{mine.pk}/marcar-como-lida/", {**forged, "pk": theirs.pk, "id": theirs.pk}
    )
    customer_client.post("/notificacoes/marcar-todas-como-lidas/", forged)
    customer_client.post(f"/notificacoes/{mine.pk}/abrir/", forged)

    assert Notification.objects.get(pk=mine.pk).recipient == customer
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_ideas(customer_client, customer, world, forged):
    customer_client.post(f"/ideias/{world.idea.pk}/votar/", {**forged, "voted": "1"})
    customer_client.post(f"/ideias/{world.idea.pk}/avaliar/", {**forged, "score": "5"})
    customer_client.post("/ideias/sugerir/", {**forged, "title": "Sugestão", "description": "texto"})

    assert list(Vote.objects.values_list("idea", "user")) == [(world.idea.pk, customer.pk)]
    assert list(Rating.objects.values_list("idea", "user", "score")) == [(world.idea.pk, customer.pk, 5)]
    suggestion = Idea.objects.get(title="Sugestão")
    assert (suggestion.suggested_by, suggestion.published) == (customer, False)
    assert suggestion.status == Idea.Status.UNDER_REVIEW
    assert not Idea.objects.get(pk=world.draft_idea.pk).published


def test_profile(customer_client, customer, forged):
    response = customer_client.post(
        "/meus-dados/",
        {
            **forged,
            "first_name": "Ana Maria",
            "last_name": "Souza",
            "email": customer.email,
            "username": "ana",
            "language": "pt-br",
            "id": forged["user"],
            "pk": forged["user"],
            "password": "roubada",
        },
    )
    assert response.status_code == 302  # saved: the forged fields were simply not used
    customer.refresh_from_db()
    assert (customer.is_staff, customer.is_superuser) == (False, False)
    assert customer.organization_id != forged["organization"]
    assert not customer.check_password("roubada")
    assert customer.first_name == "Ana Maria"
