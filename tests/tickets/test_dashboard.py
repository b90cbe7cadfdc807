"""Dashboard panel: latest tickets, the unread marker and the "Alguma dúvida?" way in."""

import re

import pytest

from tickets.services import ticket_staff_update

from .factories import TicketFactory

pytestmark = pytest.mark.django_db


def test_panel_lists_latest_tickets_with_unread_marker(customer_client, customer, staff):
    tickets = TicketFactory.create_batch(6, customer=customer)
    ticket_staff_update(ticket=tickets[0], actor=staff, body="Resposta")
    page = customer_client.get("/painel/").content.decode()
    start = page.index('aria-labelledby="panel-tickets"')
    html = page[start : page.index("</section>", start)]
    assert "Últimos chamados" in html
    assert f'href="/chamados/{tickets[0].number}/"' in html
    assert len(set(re.findall(r'href="/chamados/(\d+)/"', html))) == 5  # five latest only
    assert "Nova resposta" in html
    assert "Alguma dúvida?" in html
    assert 'href="/chamados/novo/"' in html
    assert 'href="/chamados/"' in html


def test_panel_without_tickets_invites_to_open_one(customer_client):
    html = customer_client.get("/painel/").content.decode()
    assert "Você ainda não abriu nenhum chamado." in html
    assert "Alguma dúvida?" in html


def test_panel_never_shows_other_customers_tickets(customer_client, stranger):
    TicketFactory(customer=stranger, subject="Segredo de outra empresa")
    assert "Segredo de outra empresa" not in customer_client.get("/painel/").content.decode()


def test_staff_panel_counts_tickets_waiting_for_the_team(team_client, customer_client, customer):
    ticket = TicketFactory(customer=customer)
    customer_client.post(
        f"/chamados/{ticket.number}/responder/",
        {"body": "Olá?", "client_token": "c2c2c2c2-1111-4222-8333-944455556666"},
    )
    html = team_client.get("/painel/").content.decode()
    assert "1 chamado aguarda a equipe." in html
    assert "/admin/tickets/ticket/?waiting=yes" in html
