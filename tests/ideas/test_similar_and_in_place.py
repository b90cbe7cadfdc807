"""While a customer types a suggestion's title, similar published ideas appear (to vote for
instead); the team is told of new suggestions; votes and ratings update in place with
JavaScript and keep working without it."""

import pytest
from django.urls import reverse

from ideas.models import Follow, Idea, Vote
from ideas.services import idea_merge
from notifications.models import Notification
from tests.factories import StaffFactory

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db

SIMILAR_URL = reverse("ideas:similar")
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


def test_similar_published_ideas_appear_with_a_vote_button(customer_client):
    IdeaFactory(title="Exportar relatórios em PDF")
    IdeaFactory(title="Relatório de vendas em PDF", published=False)
    merged = IdeaFactory(title="Relatórios PDF")
    idea_merge(duplicate=merged, target=IdeaFactory(title="Modo escuro"), by=None)

    response = customer_client.get(SIMILAR_URL, {"q": "relatórios em pdf"})

    html = response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "Vote nela em vez de sugerir de novo" in html
    assert "Exportar relatórios em PDF" in html
    assert "Relatório de vendas em PDF" not in html  # not published
    assert "Relatórios PDF" not in html  # merged
    assert (
        f'action="{reverse("ideas:vote", args=[Idea.objects.get(title="Exportar relatórios em PDF").pk])}"'
        in html
    )


@pytest.mark.parametrize("query", ["", "pd", "de o a", "zzzz inexistente"])
def test_nothing_similar_is_an_empty_fragment(customer_client, query):
    IdeaFactory(title="Exportar relatórios em PDF")

    response = customer_client.get(SIMILAR_URL, {"q": query})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_suggest_form_asks_for_similar_ideas_while_typing(customer_client):
    html = customer_client.get(reverse("ideas:suggest")).content.decode()

    assert f'data-kb-suggest="{SIMILAR_URL}"' in html
    assert "js/kb.js" in html and "js/ideas.js" in html


def test_a_suggestion_alerts_the_team_and_its_author_follows_it(customer_client, customer):
    staff = StaffFactory()

    customer_client.post(
        reverse("ideas:suggest"), {"title": "Exportar para Excel", "description": "Planilhas."}
    )

    idea = Idea.objects.get()
    notice = Notification.objects.get(recipient=staff)
    assert notice.title == "Nova ideia sugerida: Exportar para Excel"
    assert notice.link == reverse("admin:ideas_idea_change", args=[idea.pk])
    assert not Notification.objects.filter(recipient=customer).exists()
    assert Follow.objects.filter(idea=idea, user=customer).exists()


def test_vote_with_javascript_returns_the_updated_panel(customer_client, customer):
    idea = IdeaFactory()

    response = customer_client.post(
        reverse("ideas:vote", args=[idea.pk]), {"voted": "1", "next": "/ideias/?sort=newest"}, **FETCH
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, not a page
    assert "data-idea-live" in html
    assert "1 voto" in html
    assert "Obrigado pelo seu voto!" in html
    assert 'name="voted" value="0"' in html  # the button now withdraws
    assert 'value="/ideias/?sort=newest"' in html  # without JS later, still back to the list
    assert Vote.objects.filter(idea=idea, user=customer).count() == 1


def test_rating_with_javascript_returns_the_updated_panel(customer_client):
    idea = IdeaFactory()

    html = customer_client.post(
        reverse("ideas:rate", args=[idea.pk]), {"score": "4"}, **FETCH
    ).content.decode()
    assert "Sua avaliação: 4" in html
    assert "4,0 de 5 (1 avaliação)" in html

    bad = customer_client.post(
        reverse("ideas:rate", args=[idea.pk]), {"score": "9"}, **FETCH
    ).content.decode()
    assert "Escolha uma avaliação de 1 a 5." in bad
    assert "text-danger" in bad


def test_without_javascript_the_vote_redirects_back_with_a_message(customer_client):
    idea = IdeaFactory()

    response = customer_client.post(reverse("ideas:vote", args=[idea.pk]), {"voted": "1"})

    assert response.status_code == 302
    assert response["Location"] == idea.get_absolute_url()


def test_on_postgresql_a_typo_or_a_missing_accent_still_finds_it(customer_client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("trigram similarity is PostgreSQL's (SQLite matches words)")
    IdeaFactory(title="Exportar relatórios em PDF")
    IdeaFactory(title="Modo escuro")

    for query in ["relatorios pdf", "exportar relatrios", "relatório"]:
        html = customer_client.get(SIMILAR_URL, {"q": query}).content.decode()
        assert "Exportar relatórios em PDF" in html, query
        assert "Modo escuro" not in html, query
