"""Ideias e melhorias: customers see published ideas, vote and rate them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Rating, Vote
from tests.factories import UserFactory

from .factories import IdeaFactory, RatingFactory, VoteFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("ideas:list")


def vote_url(idea):
    return reverse("ideas:vote", args=[idea.pk])


def rate_url(idea):
    return reverse("ideas:rate", args=[idea.pk])


def titles_in_order(html, *titles):
    positions = [html.index(title) for title in titles]
    return positions == sorted(positions)


def test_list_shows_published_ideas_with_counts(customer_client, colleague):
    idea = IdeaFactory(title="Relatórios em PDF", status=Idea.Status.PLANNED)
    VoteFactory(idea=idea, user=colleague)
    RatingFactory(idea=idea, user=colleague, score=4)
    RatingFactory(idea=idea, score=5)
    IdeaFactory(title="Rascunho interno", published=False)

    response = customer_client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ideias e melhorias" in html
    assert "Relatórios em PDF" in html
    assert "Planejada" in html
    assert "1 voto" in html
    assert "4,5 de 5 (2 avaliações)" in html
    assert "Rascunho interno" not in html
    assert 'style="' not in html


def test_draft_idea_is_404_and_cannot_be_voted_or_rated(customer_client):
    draft = IdeaFactory(published=False)

    assert customer_client.get(draft.get_absolute_url()).status_code == 404
    assert customer_client.post(vote_url(draft), {"voted": "1"}).status_code == 404
    assert customer_client.post(rate_url(draft), {"score": "5"}).status_code == 404
    assert not Vote.objects.exists()
    assert not Rating.objects.exists()


def test_get_on_vote_or_rate_is_refused(customer_client):
    idea = IdeaFactory()

    assert customer_client.get(vote_url(idea)).status_code == 405
    assert customer_client.get(rate_url(idea)).status_code == 405
    assert not Vote.objects.exists()


def test_anonymous_cannot_vote(client):
    idea = IdeaFactory()

    response = client.post(vote_url(idea), {"voted": "1"})

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Vote.objects.exists()


def test_customer_votes_once_and_can_withdraw(customer_client, customer):
    idea = IdeaFactory()

    response = customer_client.post(vote_url(idea), {"voted": "1"}, follow=True)
    html = response.content.decode()
    assert "Obrigado pelo seu voto!" in html
    assert "1 voto" in html
    assert "Você votou nesta ideia" in html

    customer_client.post(vote_url(idea), {"voted": "1"})  # a double click
    assert Vote.objects.filter(idea=idea, user=customer).count() == 1

    html = customer_client.post(vote_url(idea), {"voted": "0"}, follow=True).content.decode()
    assert "Seu voto foi retirado." in html
    assert "Nenhum voto ainda" in html
    assert not Vote.objects.exists()


def test_my_vote_is_mine_only(client, customer, colleague):
    idea = IdeaFactory()
    VoteFactory(idea=idea, user=colleague)

    client.force_login(customer)
    html = client.get(idea.get_absolute_url()).content.decode()

    assert "1 voto" in html
    assert "Você votou nesta ideia" not in html


def test_invalid_vote_changes_nothing(customer_client):
    idea = IdeaFactory()

    html = customer_client.post(vote_url(idea), {"voted": "yes"}, follow=True).content.decode()

    assert "Não foi possível registrar o seu voto." in html
    assert not Vote.objects.exists()


def test_customer_rates_and_changes_the_rating(customer_client, customer):
    idea = IdeaFactory()

    html = customer_client.post(rate_url(idea), {"score": "4"}, follow=True).content.decode()
    assert "Obrigado pela sua avaliação!" in html
    assert "Sua avaliação: 4" in html
    assert "4,0 de 5 (1 avaliação)" in html

    customer_client.post(rate_url(idea), {"score": "2"})
    assert list(Rating.objects.values_list("user", "score")) == [(customer.pk, 2)]


@pytest.mark.parametrize("score", ["0", "6", "abc", ""])
def test_rating_outside_1_to_5_is_refused(customer_client, customer, score):
    idea = IdeaFactory()
    RatingFactory(idea=idea, user=customer, score=3)

    html = customer_client.post(rate_url(idea), {"score": score}, follow=True).content.decode()

    assert "Escolha uma avaliação de 1 a 5." in html
    assert Rating.objects.get().score == 3


def test_posted_owner_fields_are_ignored(customer_client, customer, colleague):
    idea = IdeaFactory()

    customer_client.post(rate_url(idea), {"score": "5", "user": colleague.pk, "idea": 999})

    assert Rating.objects.get().user == customer


def test_vote_returns_to_the_list_page_but_never_off_site(customer_client):
    idea = IdeaFactory()

    back = f"{LIST_URL}?sort=rating&page=1"
    assert customer_client.post(vote_url(idea), {"voted": "1", "next": back})["Location"] == back
    evil = customer_client.post(vote_url(idea), {"voted": "1", "next": "https://evil.example.com/"})
    assert evil["Location"] == idea.get_absolute_url()


def test_sort_by_most_voted_best_rated_and_newest(customer_client):
    now = timezone.now()
    popular = IdeaFactory(title="Popular")
    Idea.objects.filter(pk=popular.pk).update(published_at=now - timedelta(days=3))
    loved = IdeaFactory(title="Adorada")
    Idea.objects.filter(pk=loved.pk).update(published_at=now - timedelta(days=2))
    IdeaFactory(title="Novinha")
    VoteFactory.create_batch(3, idea=popular)
    VoteFactory(idea=loved)
    RatingFactory(idea=popular, score=2)
    RatingFactory(idea=loved, score=5)

    by_votes = customer_client.get(LIST_URL).content.decode()  # the default
    assert titles_in_order(by_votes, "Popular", "Adorada", "Novinha")
    by_rating = customer_client.get(LIST_URL, {"sort": "rating"}).content.decode()
    assert titles_in_order(by_rating, "Adorada", "Popular", "Novinha")
    newest = customer_client.get(LIST_URL, {"sort": "newest"}).content.decode()
    assert titles_in_order(newest, "Novinha", "Adorada", "Popular")


def test_filter_by_status_and_paginate(customer_client):
    IdeaFactory.create_batch(12, status=Idea.Status.PLANNED)
    IdeaFactory(title="Já entregue", status=Idea.Status.DONE)

    first = customer_client.get(LIST_URL, {"status": "planned"}).content.decode()
    assert "Página 1 de 2" in first
    assert "Já entregue" not in first
    assert "status=planned" in first  # filters survive paging
    assert "Já entregue" in customer_client.get(LIST_URL, {"status": "done"}).content.decode()


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_list_and_dashboard_query_count_does_not_grow(
    customer_client, customer, django_assert_max_num_queries
):
    idea = IdeaFactory()
    VoteFactory(idea=idea, user=customer)
    small_list = _count_queries(customer_client, LIST_URL)
    small_dashboard = _count_queries(customer_client, reverse("dashboard"))

    voters = UserFactory.create_batch(4)
    for idea in IdeaFactory.create_batch(15):
        for voter in voters:
            VoteFactory(idea=idea, user=voter)
            RatingFactory(idea=idea, user=voter, score=3)
        RatingFactory(idea=idea, user=customer, score=5)
    with django_assert_max_num_queries(small_list):
        customer_client.get(LIST_URL, {"sort": "rating"})
    with django_assert_max_num_queries(small_dashboard):
        customer_client.get(reverse("dashboard"))


def test_dashboard_shows_top_and_new_ideas(customer_client):
    idea = IdeaFactory(title="Aplicativo para celular")
    VoteFactory.create_batch(2, idea=idea)
    IdeaFactory(title="Rascunho", published=False)

    html = customer_client.get(reverse("dashboard")).content.decode()

    assert "Mais votadas" in html
    assert "Aplicativo para celular" in html
    assert "2 votos" in html
    assert "Rascunho" not in html
