"""Sugerir ideia: while the customer types the title, a similar published idea appears, and
she votes for it there instead of suggesting a duplicate (the vote updates in place)."""

import pytest
from playwright.sync_api import expect

from ideas.models import Idea, Vote
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_suggest_shows_a_similar_idea_and_the_customer_votes_instead(page, live_server):
    ana = UserFactory(username="ana", email="ana@acme.example.com", first_name="Ana")
    existing = Idea.objects.create(title="Exportar relatórios em PDF", published=True)
    Idea.objects.create(title="Modo escuro", published=True)

    page.goto(live_server.url + "/conta/login/?next=/ideias/")
    page.get_by_label("Nome de usuário ou e-mail").fill("ana")
    page.get_by_label("Senha").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.get_by_role("link", name="Sugerir uma ideia").click()
    expect(page.get_by_role("heading", name="Sugerir uma ideia")).to_be_visible()

    page.get_by_label("Título").press_sequentially("Relatórios em PDF", delay=20)

    similar = page.get_by_test_id("similar-ideas")
    expect(similar).to_be_visible()
    expect(similar.get_by_role("link", name="Exportar relatórios em PDF")).to_be_visible()
    expect(similar.get_by_text("Modo escuro")).to_have_count(0)
    similar.get_by_role("button", name="Votar").click()
    expect(similar.get_by_test_id("idea-flash")).to_have_text("Obrigado pelo seu voto!")
    expect(similar.get_by_test_id("vote-count")).to_have_text("1 voto")
    expect(similar.get_by_role("button", name="Retirar voto")).to_be_visible()
    similar.get_by_role("button", name="Avaliar com 4 de 5").click()
    expect(similar.get_by_text("Sua avaliação: 4")).to_be_visible()

    assert page.url.endswith("/ideias/sugerir/")  # she never left the form
    assert list(Vote.objects.values_list("idea", "user")) == [(existing.pk, ana.pk)]
    assert Idea.objects.count() == 2  # no duplicate suggested
    assert Idea.objects.get(pk=existing.pk).vote_count == 1


def test_without_javascript_votes_and_ratings_still_work(browser, live_server):
    UserFactory(username="ana", email="ana@acme.example.com", first_name="Ana")
    Idea.objects.create(title="Modo escuro", published=True)
    context = browser.new_context(java_script_enabled=False, locale="pt-BR")
    page = context.new_page()

    page.goto(live_server.url + "/conta/login/?next=/ideias/")
    page.get_by_label("Nome de usuário ou e-mail").fill("ana")
    page.get_by_label("Senha").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    idea = page.get_by_role("article", name="Modo escuro")
    idea.get_by_role("button", name="Votar").click()

    expect(page.get_by_text("Obrigado pelo seu voto!")).to_be_visible()
    expect(idea.get_by_test_id("vote-count")).to_have_text("1 voto")
    idea.get_by_role("button", name="Avaliar com 5 de 5").click()
    expect(idea.get_by_text("Sua avaliação: 5")).to_be_visible()
    assert page.url.endswith("/ideias/")
    context.close()
