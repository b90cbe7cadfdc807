"""Meus chamados: rows, order, filters (status, sector, period, text), paging, unread markers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.models import Ticket
from tickets.services import ticket_mark_read, ticket_staff_update

from .factories import TicketFactory

pytestmark = pytest.mark.django_db

URL = "/chamados/"


def rows(response) -> list[str]:
    return [ticket.subject for ticket in response.context["page_obj"]]


def test_row_shows_number_subject_link_status_sector_and_update(customer_client, customer, finance):
    ticket = TicketFactory(customer=customer, sector=finance, subject="Boleto <b>duplicado</b>")
    html = customer_client.get(URL).content.decode()
    assert f"#{ticket.number}" in html
    assert f'href="/chamados/{ticket.number}/"' in html
    assert "Boleto &lt;b&gt;duplicado&lt;/b&gt;" in html
    assert ">Novo</span>" in html
    assert "Financeiro" in html
    assert "Abrir chamado" in html and 'href="/chamados/novo/"' in html
    assert "Alguma dúvida?" in html


def test_rows_stack_as_cards_on_phones_with_each_value_labelled(customer_client, customer, finance):
    TicketFactory(customer=customer, sector=finance)
    html = customer_client.get(URL).content.decode()

    assert 'class="table table-hover align-middle bg-white ticket-table table-stack"' in html
    for label in ("Número", "Situação", "Setor", "Última atualização"):
        assert f'data-label="{label}"' in html


def test_newest_activity_first(customer_client, customer):
    now = timezone.now()
    TicketFactory(customer=customer, subject="antigo", last_activity_at=now - timedelta(days=3))
    TicketFactory(customer=customer, subject="recente", last_activity_at=now)
    TicketFactory(customer=customer, subject="meio", last_activity_at=now - timedelta(days=1))
    assert rows(customer_client.get(URL)) == ["recente", "meio", "antigo"]


def test_reply_moves_a_ticket_to_the_top(customer_client, customer, staff):
    now = timezone.now()
    old = TicketFactory(customer=customer, subject="antigo", last_activity_at=now - timedelta(days=3))
    TicketFactory(customer=customer, subject="recente", last_activity_at=now - timedelta(days=1))
    ticket_staff_update(ticket=old, actor=staff, body="Resposta")
    assert rows(customer_client.get(URL))[0] == "antigo"


def test_filter_by_status(customer_client, customer):
    TicketFactory(customer=customer, subject="aberto")
    TicketFactory(customer=customer, subject="resolvido", status=Ticket.Status.RESOLVED)
    assert rows(customer_client.get(URL, {"status": "resolved"})) == ["resolvido"]
    html = customer_client.get(URL).content.decode()
    for label in ["Novo", "Em atendimento", "Aguardando cliente", "Resolvido", "Fechado"]:
        assert f">{label}</option>" in html


def test_filter_by_sector(customer_client, customer, support, finance):
    TicketFactory(customer=customer, subject="suporte", sector=support)
    TicketFactory(customer=customer, subject="financeiro", sector=finance)
    assert rows(customer_client.get(URL, {"sector": finance.pk})) == ["financeiro"]


def test_filter_by_period(customer_client, customer):
    now = timezone.now()
    TicketFactory(customer=customer, subject="mês passado", created_at=now - timedelta(days=40))
    TicketFactory(customer=customer, subject="semana passada", created_at=now - timedelta(days=7))
    TicketFactory(customer=customer, subject="hoje", created_at=now)
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    until = (timezone.localdate() - timedelta(days=1)).isoformat()
    assert rows(customer_client.get(URL, {"opened_from": since, "opened_until": until})) == ["semana passada"]
    assert sorted(rows(customer_client.get(URL, {"opened_from": since}))) == ["hoje", "semana passada"]


def test_text_search_by_number_subject_and_description(customer_client, customer):
    first = TicketFactory(
        customer=customer, subject="Erro na nota fiscal", description="Rotina de faturamento"
    )
    TicketFactory(customer=customer, subject="Boleto", description="Cobrança em duplicidade")
    assert rows(customer_client.get(URL, {"q": str(first.number)})) == ["Erro na nota fiscal"]
    assert rows(customer_client.get(URL, {"q": f"#{first.number}"})) == ["Erro na nota fiscal"]
    assert rows(customer_client.get(URL, {"q": "nota fiscal"})) == ["Erro na nota fiscal"]
    assert rows(customer_client.get(URL, {"q": "DUPLICIDADE"})) == ["Boleto"]
    assert rows(customer_client.get(URL, {"q": "faturamento"})) == ["Erro na nota fiscal"]
    html = customer_client.get(URL, {"q": "nada disso"}).content.decode()
    assert "Nenhum chamado corresponde a estes filtros." in html


def test_search_never_matches_internal_notes(customer_client, customer, staff):
    ticket = TicketFactory(customer=customer, subject="Chamado comum")
    ticket_staff_update(ticket=ticket, actor=staff, body="cliente caloteiro", internal=True)
    assert rows(customer_client.get(URL, {"q": "caloteiro"})) == []


def test_filters_combine(customer_client, customer, finance):
    TicketFactory(customer=customer, subject="boleto A", sector=finance, status=Ticket.Status.RESOLVED)
    TicketFactory(customer=customer, subject="boleto B", sector=finance)
    TicketFactory(customer=customer, subject="boleto C", status=Ticket.Status.RESOLVED)
    response = customer_client.get(URL, {"q": "boleto", "sector": finance.pk, "status": "resolved"})
    assert rows(response) == ["boleto A"]


def test_invalid_filter_values_do_not_break_the_page(customer_client, customer):
    TicketFactory(customer=customer, subject="ok")
    response = customer_client.get(URL, {"status": "hacked", "sector": "abc", "opened_from": "ontem"})
    assert response.status_code == 200


def test_pagination_keeps_the_filters(customer_client, customer):
    TicketFactory.create_batch(25, customer=customer, status=Ticket.Status.RESOLVED)
    TicketFactory.create_batch(3, customer=customer)
    response = customer_client.get(URL, {"status": "resolved", "q": "Assunto"})
    assert len(rows(response)) == 20
    html = response.content.decode()
    assert "Página 1 de 2" in html
    assert "?status=resolved&amp;q=Assunto&amp;page=2" in html
    page2 = customer_client.get(URL, {"status": "resolved", "q": "Assunto", "page": 2})
    assert len(rows(page2)) == 5


def test_unread_marker_after_a_team_reply_until_the_customer_opens_it(customer_client, customer, staff):
    ticket = TicketFactory(customer=customer, subject="Com resposta")
    TicketFactory(customer=customer, subject="Sem resposta")
    assert "Nova resposta" not in customer_client.get(URL).content.decode()
    ticket_staff_update(ticket=ticket, actor=staff, body="Olá! Já verificamos.")
    response = customer_client.get(URL)
    unread = {t.subject: t.has_unread for t in response.context["page_obj"]}
    assert unread == {"Com resposta": True, "Sem resposta": False}
    assert response.content.decode().count('data-testid="unread"') == 1
    customer_client.get(ticket.get_absolute_url())
    assert 'data-testid="unread"' not in customer_client.get(URL).content.decode()


def test_unread_marker_is_per_person(client, customer, colleague, organization, staff):
    organization.share_tickets = True
    organization.save()
    ticket = TicketFactory(customer=customer)
    ticket_staff_update(ticket=ticket, actor=staff, body="Resposta")
    ticket_mark_read(ticket=ticket, user=customer)
    client.force_login(colleague)
    assert [t.has_unread for t in client.get(URL).context["page_obj"]] == [True]


def test_shared_company_list_marks_who_opened_and_can_show_only_mine(
    client, customer, colleague, organization
):
    organization.share_tickets = True
    organization.save()
    TicketFactory(customer=customer, subject="da Ana")
    TicketFactory(customer=colleague, subject="do Bruno")
    client.force_login(customer)
    response = client.get(URL)
    assert sorted(rows(response)) == ["da Ana", "do Bruno"]
    html = response.content.decode()
    assert f"Aberto por {colleague.display_name}" in html
    assert "Aberto por Ana" not in html
    assert "Só os chamados que eu abri" in html
    assert rows(client.get(URL, {"mine": "on"})) == ["da Ana"]


def test_without_sharing_only_own_tickets_and_no_mine_filter(
    customer_client, customer, colleague, organization
):
    organization.share_tickets = False
    organization.save()
    TicketFactory(customer=customer, subject="da Ana")
    TicketFactory(customer=colleague, subject="do Bruno")
    response = customer_client.get(URL)
    assert rows(response) == ["da Ana"]
    assert "Só os chamados que eu abri" not in response.content.decode()


def test_empty_list_invites_to_open_a_ticket(customer_client):
    html = customer_client.get(URL).content.decode()
    assert "Você ainda não abriu nenhum chamado." in html
    assert 'href="/chamados/novo/"' in html


def test_last_update_ignores_internal_notes(customer, staff):
    ticket = TicketFactory(customer=customer)
    before = Ticket.objects.get(pk=ticket.pk).last_activity_at
    ticket_staff_update(ticket=ticket, actor=staff, body="nota", internal=True)
    assert Ticket.objects.get(pk=ticket.pk).last_activity_at == before


@pytest.mark.parametrize("typed", ["²", "#¹²", "١٠٤٢", "9" * 12, "#"])
def test_odd_numbers_typed_in_searches_and_links_are_not_errors(client, customer, staff, typed):
    # str.isdigit() accepts superscripts and other scripts' digits that int() refuses.
    client.force_login(customer)
    assert client.get("/chamados/", {"q": typed}).status_code == 200
    assert client.get("/chamados/novo/", {"ref": typed}).status_code == 200
    client.force_login(staff)
    assert client.get("/admin/tickets/ticket/", {"q": typed}).status_code == 200
