"""The seed's "Meus projetos" and "Ideias e melhorias", walked by a customer in a browser."""

import re

import pytest
from playwright.sync_api import expect

from ideas.models import Idea
from projects.models import Milestone, Project
from tests.factories import TEST_PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_customer_follows_projects_and_votes_on_ideas(page, live_server):
    ana = UserFactory(username="ana", email="ana@acme.example.com", first_name="Ana")
    running = Project.objects.create(organization=ana.organization, name="Portal de vendas B2B")
    finished = Project.objects.create(
        organization=ana.organization, name="Migração do e-mail", status=Project.Status.FINISHED
    )
    Milestone.objects.create(project=running, title="Protótipo", state=Milestone.State.DONE)
    Milestone.objects.create(project=running, title="Integração com o ERP")
    Milestone.objects.create(project=finished, title="Migração das caixas", state=Milestone.State.DONE)
    Project.objects.create(organization=OrganizationFactory(), name="Projeto de outra empresa")
    Idea.objects.create(title="Relatórios em PDF", published=True)

    page.goto(live_server.url + "/conta/login/")
    page.get_by_label("Nome de usuário ou e-mail").fill("ana")
    page.get_by_label("Senha").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Entrar").click()

    menu = page.get_by_role("navigation", name="Menu principal")
    menu.get_by_role("link", name="Meus projetos").click()
    expect(page.get_by_role("heading", name="Meus projetos")).to_be_visible()
    expect(page.get_by_role("link", name="Portal de vendas B2B")).to_be_visible()
    expect(page.get_by_text("Projeto de outra empresa")).to_have_count(0)

    page.get_by_label("Situação").select_option(label="Finalizado")
    page.get_by_role("button", name="Filtrar").click()
    expect(page.get_by_role("link", name="Portal de vendas B2B")).to_have_count(0)
    page.get_by_role("link", name="Migração do e-mail").click()
    expect(page.get_by_role("heading", name="Migração do e-mail")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "100")
    expect(page.get_by_text("Migração das caixas")).to_be_visible()

    menu.get_by_role("link", name="Ideias e melhorias").click()
    idea = page.get_by_role("article", name="Relatórios em PDF")
    expect(idea.get_by_test_id("vote-count")).to_have_text("Nenhum voto ainda")
    idea.get_by_role("button", name="Votar").click()
    expect(page.get_by_text("Obrigado pelo seu voto!")).to_be_visible()
    expect(idea.get_by_test_id("vote-count")).to_have_text("1 voto")

    idea.get_by_role("button", name="Avaliar com 4 de 5").click()
    expect(idea.get_by_text("Sua avaliação: 4")).to_be_visible()
    expect(idea.get_by_test_id("rating-average")).to_have_text(re.compile(r"4,0 de 5 \(1 avaliação\)"))
