"""The idea list: em alta (votes in the last 30 days), filters by situação and system, text
search, and a constant number of queries whatever the number of ideas and votes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Vote

from .factories import CategoryFactory, IdeaFactory, RatingFactory, VoteFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("ideas:list")


def titles_in_order(html, *titles):
    positions = [html.index(title) for title in titles]
    return positions == sorted(positions)


def test_trending_counts_only_the_last_30_days(customer_client):
    old_favourite = IdeaFactory(title="Favorita antiga")
    rising = IdeaFactory(title="Em ascensão")
    IdeaFactory(title="Sem votos")
    VoteFactory.create_batch(5, idea=old_favourite)
    Vote.objects.filter(idea=old_favourite).update(created_at=timezone.now() - timedelta(days=45))
    VoteFactory.create_batch(2, idea=rising)

    trending = customer_client.get(LIST_URL, {"sort": "trending"}).content.decode()
    most_voted = customer_client.get(LIST_URL, {"sort": "votes"}).content.decode()

    assert titles_in_order(trending, "Em ascensão", "Favorita antiga", "Sem votos")
    assert titles_in_order(most_voted, "Favorita antiga", "Em ascensão", "Sem votos")
    assert "Em alta" in trending


def test_filter_by_category_and_status_and_search(customer_client):
    sales = CategoryFactory(name="Sistema de vendas")
    portal = CategoryFactory(name="Portal do cliente")
    IdeaFactory(title="Relatórios em PDF", category=sales, description="Exportar vendas do mês")
    IdeaFactory(title="Modo escuro", category=portal, status=Idea.Status.PLANNED)
    IdeaFactory(title="Metas por vendedor", category=sales, status=Idea.Status.WONT_DO)

    by_category = customer_client.get(LIST_URL, {"category": sales.pk}).content.decode()
    assert "Relatórios em PDF" in by_category and "Metas por vendedor" in by_category
    assert "Modo escuro" not in by_category

    both = customer_client.get(LIST_URL, {"category": sales.pk, "status": "wont_do"}).content.decode()
    assert "Metas por vendedor" in both and "Relatórios em PDF" not in both
    assert "Não será feita" in both

    search = customer_client.get(LIST_URL, {"q": "relatórios"}).content.decode()
    assert "Relatórios em PDF" in search and "Modo escuro" not in search
    in_description = customer_client.get(LIST_URL, {"q": "vendas mês"}).content.decode()
    assert "Relatórios em PDF" in in_description and "Metas por vendedor" not in in_description

    nothing = customer_client.get(LIST_URL, {"q": "inexistente"}).content.decode()
    assert "Nenhuma ideia corresponde a estes filtros." in nothing


@pytest.mark.parametrize(
    "params", [{"category": "999999"}, {"status": "nope"}, {"sort": "evil"}, {"page": "x"}]
)
def test_bad_filter_values_never_500(customer_client, params):
    assert customer_client.get(LIST_URL, params).status_code == 200


def _ideas_with_votes(count, voters):
    category = CategoryFactory(name="Sistema de vendas")
    ideas = IdeaFactory.create_batch(count, category=category)
    Vote.objects.bulk_create(Vote(idea=idea, user=voter) for idea in ideas for voter in voters)
    return ideas


@pytest.mark.parametrize("sort", ["votes", "rating", "newest", "trending"])
def test_list_queries_are_the_same_at_5_and_500_ideas(
    customer_client, customer, sort, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    voters = [customer, *UserFactory.create_batch(2)]
    _ideas_with_votes(5, voters)
    with django_assert_max_num_queries(100) as small:
        customer_client.get(LIST_URL, {"sort": sort})
    baseline = len(small.captured_queries)

    _ideas_with_votes(495, voters)
    for idea in Idea.objects.all()[:20]:
        RatingFactory(idea=idea, user=customer, score=4)
    with django_assert_max_num_queries(baseline):
        response = customer_client.get(LIST_URL, {"sort": sort, "q": "Ideia"})
    assert response.status_code == 200
    assert "Página 1 de 11 ou mais" in response.content.decode()  # counted 10 pages ahead (portal.pagination)


def test_counts_shown_are_the_kept_counters(customer_client, customer):
    idea = IdeaFactory(title="Aplicativo")
    customer_client.post(reverse("ideas:vote", args=[idea.pk]), {"voted": "1"})
    customer_client.post(reverse("ideas:rate", args=[idea.pk]), {"score": "4"})
    customer_client.post(reverse("ideas:rate", args=[idea.pk]), {"score": "2"})

    idea.refresh_from_db()
    assert (idea.vote_count, idea.rating_count, idea.rating_avg) == (1, 1, 2.0)
    customer_client.post(reverse("ideas:vote", args=[idea.pk]), {"voted": "0"})
    idea.refresh_from_db()
    assert idea.vote_count == 0


def test_deleting_a_person_recounts_the_ideas_they_voted_for(customer, colleague):
    idea = IdeaFactory()
    VoteFactory(idea=idea, user=customer)
    VoteFactory(idea=idea, user=colleague)
    RatingFactory(idea=idea, user=customer, score=1)
    RatingFactory(idea=idea, user=colleague, score=5)

    customer.delete()

    idea.refresh_from_db()
    assert (idea.vote_count, idea.rating_count, idea.rating_avg) == (1, 1, 5.0)
