"""Demo data: ideas with categories, votes, a status history, comments, a suggestion and a
merged duplicate; idempotent, with counters that match the rows."""

import pytest

from accounts import demo as accounts_demo
from ideas import demo
from ideas.models import Category, Comment, Idea, StatusChange, Vote
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_shows_something_real():
    ctx: dict = {}
    accounts_demo.load(ctx)
    demo.load(ctx)

    def counts():
        return (
            Idea.objects.count(),
            Vote.objects.count(),
            StatusChange.objects.count(),
            Comment.objects.count(),
            Notification.objects.count(),
        )

    first = counts()
    demo.load(ctx)
    assert counts() == first
    assert not Category.objects.filter(name_en="").exists()  # every demo category reads in English too

    assert StatusChange.objects.exclude(note="").exists()
    assert Comment.objects.filter(author=ctx["equipe"]).exists()
    assert Idea.objects.filter(published=False, suggested_by=ctx["bruno"]).exists()
    assert Idea.objects.filter(merged_into__title="Relatórios em PDF").exists()
    assert Notification.objects.filter(recipient=ctx["ana"], kind=Notification.Kind.IDEA_STATUS).exists()
    for idea in Idea.objects.all():
        assert idea.vote_count == idea.votes.count(), idea
    pdf = Idea.objects.get(title="Relatórios em PDF")
    assert (pdf.status, pdf.vote_count) == (Idea.Status.IN_DEVELOPMENT, 2)
