"""The seed, walked as a new customer: first access through "Esqueci minha senha"."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import link_from_mail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Primeiro-Acesso-2026"


def test_new_customer_sets_password_and_logs_in(page, live_server, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    UserFactory(username="joana", email="joana@cliente.example.com", first_name="Joana", password=None)

    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Base de conhecimento")).to_be_visible()
    page.get_by_role("link", name="Acessar a minha conta").first.click()
    page.get_by_role("link", name="Esqueci minha senha").click()
    page.get_by_label("E-mail").fill("joana@cliente.example.com")
    page.get_by_role("button", name="Enviar nova senha").click()
    expect(page.get_by_role("heading", name="Verifique seu e-mail")).to_be_visible()

    assert len(mailoutbox) == 1
    page.goto(link_from_mail(mailoutbox[0].body))
    page.get_by_label("Nova senha", exact=True).fill(NEW_PASSWORD)
    page.get_by_label(re.compile("Nova senha \\(novamente\\)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Salvar senha").click()
    expect(page.get_by_role("heading", name="Senha salva")).to_be_visible()

    page.get_by_role("link", name="Acessar a minha conta").last.click()
    page.get_by_label("Nome de usuário ou e-mail").fill("joana@cliente.example.com")
    page.get_by_label("Senha").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Entrar").click()

    # The dashboard's five items.
    menu = page.get_by_role("navigation", name="Menu principal")
    for label in ["Meus dados", "Meus chamados", "Meus projetos", "Ideias e melhorias", "Sair"]:
        expect(menu.get_by_text(label, exact=True).first).to_be_visible()
    expect(page.get_by_role("main")).to_be_visible()
    # The seed's button (item 3) comes first; the tickets panel repeats it ("Alguma dúvida? Abrir chamado").
    expect(page.get_by_role("link", name="Abrir chamado").first).to_be_visible()
    # The bell (item 4) is named by its unread count; it may be a link or a <details> dropdown.
    expect(menu.get_by_label(re.compile("^Notificações"))).to_be_visible()
    expect(page.get_by_role("heading", name="Acesso rápido")).to_be_visible()

    menu.get_by_role("button", name="Sair").click()
    expect(page.get_by_role("heading", name="Base de conhecimento")).to_be_visible()

    page.goto(live_server.url + "/conta/login/")
    page.get_by_label("Nome de usuário ou e-mail").fill("joana")
    page.get_by_label("Senha").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Olá, Joana")).to_be_visible()
