"""Opening a ticket marks it read, and a second visit with nothing new writes nothing (the
read marker is only written when the ticket changed since it was last read)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tickets.models import Ticket, TicketRead
from tickets.services import ticket_staff_update

pytestmark = pytest.mark.django_db


def visit(client, ticket) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(ticket.get_absolute_url()).status_code == 200
    return [
        q["sql"]
        for q in captured.captured_queries
        if "tickets_ticketread" in q["sql"] and "UPDATE" in q["sql"]
    ]


def unread(client, ticket) -> bool:
    page = client.get(reverse("tickets:list")).content.decode()
    (row,) = [r.split("</tr>")[0] for r in page.split('data-testid="ticket-row"')[1:] if ticket.subject in r]
    return 'data-testid="unread"' in row


def test_a_second_visit_with_nothing_new_writes_nothing(customer_client, ticket, staff):
    ticket_staff_update(ticket=ticket, actor=staff, body="Pode enviar o XML?")
    assert unread(customer_client, ticket)

    customer_client.get(ticket.get_absolute_url())  # first visit: marks it read
    assert not unread(customer_client, ticket)
    assert visit(customer_client, ticket) == []  # nothing new: no write

    ticket_staff_update(ticket=ticket, actor=staff, body="Recebemos, obrigado.")
    assert unread(customer_client, Ticket.objects.get(pk=ticket.pk))
    assert len(visit(customer_client, ticket)) == 1  # new reply: read again
    assert not unread(customer_client, ticket)
    assert TicketRead.objects.filter(ticket=ticket).count() == 1
