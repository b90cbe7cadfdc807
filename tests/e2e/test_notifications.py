"""The seed's "ícone de notificações": staff send a notice in the admin, the customer sees it."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import Announcement, Notification
from tests.e2e.helpers import give_second_factor_code, log_in
from tests.factories import OrganizationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_send_a_notice_and_the_customer_reads_it(page, live_server, mailoutbox):
    acme = OrganizationFactory(name="Acme Ltda")
    UserFactory(username="ana", email="ana@acme.example.com", first_name="Ana", organization=acme)
    UserFactory(username="outro", organization=OrganizationFactory(name="Rival SA"))
    StaffFactory(username="equipe", email="equipe@portal.example.com")

    # Staff: the admin login goes through the portal's (allauth) login page.
    log_in(page, live_server.url, "equipe", next_url="?next=/admin/")
    give_second_factor_code(page)
    page.get_by_role("link", name="Avisos da equipe").first.click()
    page.get_by_role("link", name=re.compile("Adicionar aviso da equipe")).click()
    page.get_by_label("Título").fill("Manutenção programada no sábado")
    page.get_by_label("Texto").fill("O portal fica fora do ar **sábado**, das 8h às 12h.")
    page.get_by_label("Clientes das empresas escolhidas").check()
    page.locator(".field-organizations .select2-search__field").fill("Acme")
    page.get_by_role("option", name="Acme Ltda").click()
    page.get_by_role("button", name="Salvar e continuar editando").click()
    expect(page.get_by_test_id("recipients-preview")).to_have_text("Alcança 1 cliente ativo agora.")

    page.get_by_role("link", name="Avisos da equipe").last.click()
    page.get_by_role("row", name=re.compile("Manutenção programada")).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Enviar os avisos da equipe selecionados")
    page.get_by_role("button", name="Ir").click()
    expect(page.get_by_text("1 destinatário")).to_be_visible()
    page.get_by_role("button", name="Sim, enviar").click()
    expect(page.get_by_text("1 aviso da equipe está sendo enviado")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Manutenção programada"))).to_contain_text("Enviado")
    assert Announcement.objects.get().recipients_count == 1

    # The customer: the bell shows it, the list marks it unread, opening it clears the count.
    page.context.clear_cookies()
    log_in(page, live_server.url, "ana")
    bell = page.get_by_test_id("bell")
    expect(bell.get_by_test_id("bell-count")).to_have_text("1")
    dropdown = page.locator("details[data-bell-menu]")
    bell.click()
    expect(dropdown).to_have_attribute("open", "")
    page.keyboard.press("Escape")  # static/js/notifications.js closes it like any menu
    expect(dropdown).not_to_have_attribute("open", "")
    bell.click()
    expect(dropdown.get_by_role("button", name="Não lida: Manutenção programada no sábado")).to_be_visible()
    dropdown.get_by_role("link", name="Ver todas").click()

    expect(page.get_by_role("heading", name="Notificações", exact=True)).to_be_visible()
    item = page.get_by_test_id("notification")
    expect(item.get_by_test_id("unread")).to_be_visible()
    item.get_by_role("button", name="Manutenção programada no sábado", exact=True).click()

    expect(page.get_by_role("heading", name="Manutenção programada no sábado")).to_be_visible()
    expect(page.locator(".notification-body strong")).to_have_text("sábado")
    expect(page.get_by_test_id("bell-count")).to_have_count(0)
    assert Notification.objects.get().is_read

    # The e-mail copy reached ana (she opted in), not the other company.
    assert [m.to for m in mailoutbox] == [["ana@acme.example.com"]]
