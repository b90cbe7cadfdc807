"""Customers suggest ideas; staff review and publish them in the admin."""

import pytest
from django.urls import reverse

from ideas.models import Idea

from .factories import IdeaFactory, RatingFactory, VoteFactory

pytestmark = pytest.mark.django_db

SUGGEST_URL = reverse("ideas:suggest")


def test_suggestion_goes_unpublished_to_staff(customer_client, customer):
    form = customer_client.get(SUGGEST_URL).content.decode()
    assert "Sugerir uma ideia" in form

    response = customer_client.post(
        SUGGEST_URL,
        {"title": "Exportar para Excel", "description": "Planilhas dos pedidos.", "published": "on"},
        follow=True,
    )

    html = response.content.decode()
    assert "Obrigado! Nossa equipe vai analisar a sua sugestão." in html
    assert "Exportar para Excel" not in html  # not published yet
    idea = Idea.objects.get()
    assert (idea.title, idea.published, idea.suggested_by) == ("Exportar para Excel", False, customer)
    assert customer_client.get(idea.get_absolute_url()).status_code == 404


def test_suggestion_needs_title_and_description(customer_client):
    response = customer_client.post(SUGGEST_URL, {"title": "", "description": ""})

    assert response.status_code == 200
    assert "Este campo é obrigatório." in response.content.decode()
    assert not Idea.objects.exists()


def test_staff_publish_a_suggestion_and_it_gets_a_publication_date(staff_client):
    suggestion = IdeaFactory(title="Exportar para Excel", published=False)
    assert suggestion.published_at is None

    response = staff_client.post(
        reverse("admin:ideas_idea_changelist"),
        {"action": "publish", "_selected_action": [suggestion.pk]},
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.published
    assert suggestion.published_at is not None


def test_staff_list_shows_counts_with_filters_and_search(staff_client):
    idea = IdeaFactory(title="Aplicativo para celular")
    VoteFactory.create_batch(2, idea=idea)
    RatingFactory(idea=idea, score=4)
    RatingFactory(idea=idea, score=5)
    IdeaFactory(title="Modo escuro", published=False)
    url = reverse("admin:ideas_idea_changelist")

    html = staff_client.get(url, {"published__exact": "1", "q": "celular"}).content.decode()

    assert "Aplicativo para celular" in html
    assert "Modo escuro" not in html
    assert "4,5" in html
    assert staff_client.get(reverse("admin:ideas_idea_change", args=[idea.pk])).status_code == 200
