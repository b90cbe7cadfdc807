"""Staff merge a duplicate into another idea: votes and ratings move over counted once per
customer, the duplicate's page redirects to the target, its voters are told."""

import pytest
from django.urls import reverse

from ideas.models import Comment, Follow, Idea, Rating, Vote
from ideas.services import idea_merge
from notifications.models import Notification
from tests.factories import UserFactory

from .factories import CommentFactory, IdeaFactory, RatingFactory, VoteFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:ideas_idea_changelist")


def _merge_in_admin(client, duplicates, target_pk):
    return client.post(
        CHANGELIST,
        {"action": "merge", "_selected_action": [d.pk for d in duplicates], "merge_target": target_pk},
        follow=True,
    )


def test_merge_keeps_one_vote_per_customer(staff_client, customer, colleague, stranger):
    target = IdeaFactory(title="Exportar relatórios em PDF")
    duplicate = IdeaFactory(title="Relatório em PDF")
    VoteFactory(idea=target, user=customer)
    VoteFactory(idea=duplicate, user=customer)  # voted for both
    VoteFactory(idea=duplicate, user=colleague)
    RatingFactory(idea=target, user=customer, score=5)
    RatingFactory(idea=duplicate, user=customer, score=1)  # the target's rating wins
    RatingFactory(idea=duplicate, user=stranger, score=3)
    Follow.objects.create(idea=duplicate, user=colleague)
    CommentFactory(idea=duplicate, body="Precisamos disso")

    html = _merge_in_admin(staff_client, [duplicate], target.pk).content.decode()

    assert "1 ideia mesclada em “Exportar relatórios em PDF”." in html
    assert sorted(Vote.objects.values_list("idea", "user")) == sorted(
        [(target.pk, customer.pk), (target.pk, colleague.pk)]
    )
    assert sorted(Rating.objects.values_list("idea", "user", "score")) == sorted(
        [(target.pk, customer.pk, 5), (target.pk, stranger.pk, 3)]
    )
    assert Follow.objects.get().idea == target
    assert Comment.objects.get().idea == target
    target.refresh_from_db()
    duplicate.refresh_from_db()
    assert (target.vote_count, target.rating_count, target.rating_avg) == (2, 2, 4.0)
    assert (duplicate.vote_count, duplicate.rating_count, duplicate.merged_into) == (0, 0, target)


def test_merged_idea_redirects_to_the_target_and_leaves_the_list(customer_client):
    target = IdeaFactory(title="Exportar relatórios em PDF")
    duplicate = IdeaFactory(title="Relatório em PDF duplicado")
    idea_merge(duplicate=duplicate, target=target, by=None)

    response = customer_client.get(duplicate.get_absolute_url())

    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()
    assert "Relatório em PDF duplicado" not in customer_client.get(reverse("ideas:list")).content.decode()
    assert customer_client.post(reverse("ideas:vote", args=[duplicate.pk]), {"voted": "1"}).status_code == 404
    assert not Vote.objects.exists()


def test_unpublished_idea_is_404_and_cannot_be_a_merge_target(customer_client, staff_client):
    draft = IdeaFactory(published=False)
    duplicate = IdeaFactory()

    assert customer_client.get(draft.get_absolute_url()).status_code == 404
    with pytest.raises(ValueError):
        idea_merge(duplicate=duplicate, target=draft, by=None)
    html = _merge_in_admin(staff_client, [duplicate], draft.pk).content.decode()
    assert "A ideia de destino não está publicada" in html
    assert Idea.objects.get(pk=duplicate.pk).merged_into is None


def test_voters_of_the_duplicate_are_told_once(customer, colleague):
    target = IdeaFactory(title="Modo escuro")
    duplicate = IdeaFactory(title="Tema escuro")
    VoteFactory(idea=duplicate, user=customer)
    VoteFactory(idea=target, user=colleague)

    idea_merge(duplicate=duplicate, target=target, by=None)

    notice = Notification.objects.get()
    assert notice.recipient == customer
    assert notice.kind == Notification.Kind.IDEA_STATUS
    assert notice.link == target.get_absolute_url()
    assert "Modo escuro" in notice.title


def test_merge_refuses_loops_and_chains(staff_client):
    a, b, c = IdeaFactory(), IdeaFactory(), IdeaFactory()
    idea_merge(duplicate=a, target=b, by=None)

    with pytest.raises(ValueError):
        idea_merge(duplicate=b, target=b, by=None)
    with pytest.raises(ValueError):
        idea_merge(duplicate=c, target=a, by=None)  # a is merged already
    idea_merge(duplicate=b, target=c, by=None)  # a follows b into c
    a.refresh_from_db()
    assert a.merged_into == c


def test_admin_merge_without_a_target_changes_nothing(staff_client):
    duplicate = IdeaFactory()
    VoteFactory(idea=duplicate)

    html = _merge_in_admin(staff_client, [duplicate], "").content.decode()

    assert "Informe o número da ideia de destino da mesclagem." in html
    assert Idea.objects.get(pk=duplicate.pk).merged_into is None


def test_admin_shows_votes_rating_and_distinct_companies(staff_client, customer, colleague, stranger):
    idea = IdeaFactory(title="Aplicativo para celular")
    for user in (customer, colleague, stranger, UserFactory(organization=None)):
        VoteFactory(idea=idea, user=user)
    RatingFactory(idea=idea, user=customer, score=4)

    html = staff_client.get(CHANGELIST).content.decode()
    assert '<td class="field-vote_count">4</td>' in html
    assert '<td class="field-companies_display">2</td>' in html  # Acme (2 people) and the rival
    assert "4,0 (1)" in html

    detail = staff_client.get(reverse("admin:ideas_idea_change", args=[idea.pk])).content.decode()
    assert "Acme Ltda — 2 votos" in detail
    assert "(sem empresa) — 1 voto" in detail
