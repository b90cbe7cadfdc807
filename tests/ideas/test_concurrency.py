"""Votes racing each other keep one row per customer and an exact kept count. Needs real
concurrent transactions: PostgreSQL (as in CI)."""

import threading

import pytest
from django.db import connection, connections

from ideas.models import Idea, Rating, Vote
from ideas.services import idea_rate, idea_vote_set
from tests.factories import UserFactory
from tests.helpers import IN_CI

from .factories import IdeaFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _needs_postgres():
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI must run this against PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite has one writer at a time")


def _race(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors


def test_same_customer_voting_twice_at_once_leaves_one_vote():
    _needs_postgres()
    idea = IdeaFactory()
    customer = UserFactory()

    _race([lambda: idea_vote_set(idea=idea, user=customer, voted=True)] * 4)

    assert Vote.objects.filter(idea=idea, user=customer).count() == 1
    assert Idea.objects.get(pk=idea.pk).vote_count == 1


def test_many_customers_voting_and_rating_at_once_are_all_counted():
    _needs_postgres()
    idea = IdeaFactory()
    customers = UserFactory.create_batch(6)

    _race(
        [lambda user=user: idea_vote_set(idea=idea, user=user, voted=True) for user in customers]
        + [
            lambda user=user, n=n: idea_rate(idea=idea, user=user, score=n % 5 + 1)
            for n, user in enumerate(customers)
        ]
    )

    idea.refresh_from_db()
    assert Vote.objects.filter(idea=idea).count() == idea.vote_count == 6
    assert Rating.objects.filter(idea=idea).count() == idea.rating_count == 6
    assert idea.rating_avg == pytest.approx(sum(n % 5 + 1 for n in range(6)) / 6)
