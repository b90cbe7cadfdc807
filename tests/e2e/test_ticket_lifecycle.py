"""Closing the loop in two browsers: the team answers with a canned reply and resolves the
ticket in the admin; the customer is asked "Como foi o atendimento?" (portal and e-mail),
opening the e-mail's link records nothing, and she rates from the portal; the team sees it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.helpers import give_second_factor_code, log_in
from tests.factories import OrganizationFactory, StaffFactory, UserFactory
from tickets.models import CannedReply, Satisfaction, Sector, Ticket
from tickets.services import ticket_open

from .helpers import link_from_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_team_resolves_in_the_admin_and_the_customer_rates(
    page, browser, browser_context_args, live_server, settings
):
    settings.SITE_URL = live_server.url
    sector, _ = Sector.objects.get_or_create(
        name="Suporte", defaults={"is_default": True, "email": "suporte@example.com"}
    )
    ana = UserFactory(
        username="ana",
        email="ana@acme.example.com",
        first_name="Ana",
        last_name="Souza",
        organization=OrganizationFactory(name="Acme"),
    )
    StaffFactory(
        username="equipe", email="equipe@portal.example.com", first_name="Carla", last_name="Suporte"
    )
    CannedReply.objects.create(
        title="Certificado vencido", body="Renove o certificado digital e tente de novo.", sector=sector
    )
    ticket = ticket_open(
        customer=ana, sector=sector, subject="Erro ao emitir nota", description="Falha na assinatura."
    )

    # The team answers with a canned reply (inserted in place by the script) and resolves.
    team = browser.new_context(**browser_context_args)
    staff_page = team.new_page()
    staff_page.set_default_timeout(15_000)
    log_in(staff_page, live_server.url, "equipe", next_url="?next=/admin/")
    give_second_factor_code(staff_page)
    staff_page.goto(f"{live_server.url}/admin/tickets/ticket/{ticket.pk}/change/")
    staff_page.get_by_label("Mensagem").fill("Olá, Ana! ")
    staff_page.get_by_label("Resposta pronta").select_option(label="Certificado vencido")
    staff_page.get_by_role("button", name="Inserir").click()
    expect(staff_page.get_by_label("Mensagem")).to_have_value(
        "Olá, Ana! Renove o certificado digital e tente de novo."
    )
    staff_page.get_by_label("Situação").select_option("resolved")
    staff_page.get_by_role("button", name="Salvar", exact=True).click()
    expect(staff_page.locator(".messagelist")).to_contain_text("com sucesso")

    # The e-mail asks too; its link only opens the form (a mail scanner records nothing).
    survey = next(m for m in mail.outbox if "Como foi o atendimento?" in m.subject)
    assert survey.to == ["ana@acme.example.com"]
    log_in(page, live_server.url, "ana")
    page.goto(link_from_mail(survey.body))
    expect(page.get_by_role("heading", name="Como foi o atendimento?")).to_be_visible()
    assert not Satisfaction.objects.exists()

    # She rates from the ticket page.
    page.goto(f"{live_server.url}/chamados/{ticket.number}/")
    expect(page.get_by_text("Renove o certificado digital e tente de novo.")).to_be_visible()
    expect(page.locator(".ticket-status")).to_have_text("Resolvido")
    card = page.get_by_test_id("satisfaction")
    expect(card.get_by_role("heading", name="Como foi o atendimento?")).to_be_visible()
    card.get_by_label("5 - Muito bom").check()
    card.get_by_label("Comentário (opcional)").fill("Resolveram rápido!")
    card.get_by_role("button", name="Enviar avaliação").click()
    expect(page.get_by_text("Obrigado por avaliar o atendimento!")).to_be_visible()
    expect(page.get_by_test_id("satisfaction-given")).to_contain_text("Sua avaliação: 5 de 5")
    rating = Satisfaction.objects.get()
    assert (rating.ticket_id, rating.score, rating.comment) == (ticket.pk, 5, "Resolveram rápido!")

    # The team sees it on the ticket and in the summary.
    staff_page.goto(f"{live_server.url}/admin/tickets/ticket/{ticket.pk}/change/")
    expect(staff_page.get_by_text(re.compile("5 - Muito bom.*Resolveram rápido!"))).to_be_visible()
    staff_page.goto(f"{live_server.url}/admin/tickets/satisfaction/")
    expect(staff_page.get_by_test_id("by-sector")).to_contain_text("Suporte")
    team.close()
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED
