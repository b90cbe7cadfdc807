"""A ticket's whole life in two browsers: the customer opens it with a file, the team answers
in the admin, the customer sees the reply and the bell, answers back, and the situação moves."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import give_second_factor_code, log_in
from tests.factories import OrganizationFactory, StaffFactory, UserFactory
from tickets.models import Attachment, Sector, Ticket

pytestmark = pytest.mark.django_db(transaction=True)


def test_customer_and_team_talk_through_a_ticket(page, browser, browser_context_args, live_server, settings):
    settings.SITE_URL = live_server.url
    # Transactional tests empty the tables: the default sector must be put back.
    Sector.objects.get_or_create(
        name="Suporte", defaults={"is_default": True, "email": "suporte@example.com"}
    )
    UserFactory(
        username="ana",
        email="ana@acme.example.com",
        first_name="Ana",
        last_name="Souza",
        organization=OrganizationFactory(name="Acme"),
    )
    StaffFactory(
        username="equipe", email="equipe@portal.example.com", first_name="Carla", last_name="Suporte"
    )

    # The customer opens a ticket with a file, from the dashboard's button.
    log_in(page, live_server.url, "ana")
    page.get_by_role("link", name="Abrir chamado").first.click()
    expect(page.get_by_role("heading", name="Abrir chamado")).to_be_visible()
    expect(page.get_by_label("Setor")).to_have_value(str(Sector.objects.get(name="Suporte").pk))
    page.get_by_label("Assunto").fill("Erro ao emitir nota fiscal")
    page.get_by_label("Descrição").fill(
        "Módulo Faturamento, rotina Emissão de NF-e.\nAparece “Falha na assinatura”."
    )
    page.get_by_label("Enviar arquivo").set_input_files(
        [{"name": "relatório março.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 teste"}]
    )
    page.get_by_role("button", name="Abrir chamado").click()

    ticket = Ticket.objects.get()
    number = f"#{ticket.number}"
    expect(page.get_by_text(f"Chamado {number} aberto")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(f"{number} Erro ao emitir nota fiscal"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="relatório março.pdf")).to_be_visible()
    assert Attachment.objects.get().name == "relatório março.pdf"

    # The team answers in the admin, signing in through the portal's login.
    team = browser.new_context(**browser_context_args)
    staff_page = team.new_page()
    staff_page.set_default_timeout(15_000)
    log_in(staff_page, live_server.url, "equipe", next_url="?next=/admin/")
    give_second_factor_code(staff_page)
    staff_page.goto(f"{live_server.url}/admin/tickets/ticket/")
    staff_page.get_by_role("link", name=number).click()
    expect(staff_page.get_by_text("Aparece “Falha na assinatura”.")).to_be_visible()
    staff_page.get_by_label("Mensagem").fill("Olá, Ana! Renove o certificado digital e tente de novo.")
    staff_page.get_by_label("Situação").select_option("waiting_customer")
    staff_page.get_by_role("button", name="Salvar", exact=True).click()
    expect(staff_page.locator(".messagelist")).to_contain_text("com sucesso")

    # The customer sees the bell count, then the reply and the new situação.
    page.goto(f"{live_server.url}/painel/")
    expect(page.get_by_test_id("bell-count")).to_have_text("1")
    page.get_by_role("link", name="Meus chamados").first.click()
    expect(page.get_by_test_id("unread")).to_be_visible()
    page.get_by_role("link", name="Erro ao emitir nota fiscal").click()
    expect(page.get_by_text("Renove o certificado digital e tente de novo.")).to_be_visible()
    expect(page.locator(".ticket-status")).to_have_text("Aguardando cliente")
    expect(page.get_by_text("alterou a situação de “Novo” para “Aguardando cliente”.")).to_be_visible()
    expect(page.get_by_test_id("bell-count")).to_have_count(0)  # opening the ticket read its notification

    # She answers back; the ticket is with the team again.
    page.get_by_label("Sua mensagem").fill("Renovei e funcionou, obrigada!")
    page.get_by_role("button", name="Enviar resposta").click()
    expect(page.get_by_text("Sua mensagem foi enviada.")).to_be_visible()
    expect(page.get_by_text("Renovei e funcionou, obrigada!")).to_be_visible()
    expect(page.locator(".ticket-status")).to_have_text("Em atendimento")

    # The team sees her answer in the conversation.
    staff_page.goto(f"{live_server.url}/admin/tickets/ticket/{ticket.pk}/change/")
    expect(staff_page.get_by_text("Renovei e funcionou, obrigada!")).to_be_visible()
    expect(
        staff_page.get_by_text("alterou a situação de “Aguardando cliente” para “Em atendimento”.")
    ).to_be_visible()
    team.close()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.IN_PROGRESS
