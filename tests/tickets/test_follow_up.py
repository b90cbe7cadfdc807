"""A reply on a closed ticket in the portal opens a follow-up ticket that refers to it."""

import uuid

from tests.helpers import upload
from tickets.models import Ticket

from .factories import TicketFactory


def reply(client, ticket, body="Voltou a acontecer", token=None, **extra):
    return client.post(
        f"/chamados/{ticket.number}/responder/",
        {"body": body, "client_token": token or str(uuid.uuid4()), **extra},
    )


def test_reply_on_closed_ticket_opens_follow_up_shown_on_both(customer_client, customer, support):
    closed = TicketFactory(customer=customer, sector=support, status=Ticket.Status.CLOSED, subject="Nota")

    response = reply(customer_client, closed, files=[upload("log.txt", b"erro")])

    follow_up = Ticket.objects.exclude(pk=closed.pk).get()
    assert response.status_code == 302
    assert response["Location"] == follow_up.get_absolute_url()
    assert (follow_up.related_to, follow_up.customer, follow_up.sector) == (closed, customer, support)
    assert follow_up.subject == "Nota"
    first = follow_up.messages.get()
    assert first.body == "Voltou a acontecer"
    assert first.attachments.get().name == "log.txt"
    closed.refresh_from_db()
    assert closed.status == Ticket.Status.CLOSED
    assert closed.messages.count() == 1

    page = customer_client.get(follow_up.get_absolute_url()).content.decode()
    assert f"está fechado, então sua mensagem abriu o chamado {follow_up.display_number}" in page
    assert f'<a href="/chamados/{closed.number}/">{closed.display_number}</a>' in page
    original = customer_client.get(closed.get_absolute_url()).content.decode()
    assert f'<a href="/chamados/{follow_up.number}/">{follow_up.display_number}</a>' in original


def test_double_submit_opens_one_follow_up(customer_client, customer, support):
    closed = TicketFactory(customer=customer, status=Ticket.Status.CLOSED)
    token = str(uuid.uuid4())

    reply(customer_client, closed, token=token)
    reply(customer_client, closed, token=token)

    assert Ticket.objects.filter(related_to=closed).count() == 1


def test_other_company_cannot_reply_on_closed_ticket(client, stranger, customer, support):
    closed = TicketFactory(customer=customer, status=Ticket.Status.CLOSED)
    client.force_login(stranger)

    assert reply(client, closed).status_code == 404
    assert Ticket.objects.count() == 1


def test_follow_ups_of_others_are_not_listed(customer_client, customer, colleague, organization, support):
    organization.share_tickets = False
    organization.save()
    closed = TicketFactory(customer=customer, status=Ticket.Status.CLOSED)
    hidden = TicketFactory(customer=colleague, related_to=closed)

    page = customer_client.get(closed.get_absolute_url()).content.decode()

    assert hidden.display_number not in page
