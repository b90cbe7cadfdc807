import factory
from django.utils import timezone

from ideas.models import Category, Comment, Idea, Rating, Vote
from ideas.services import idea_counts_refresh
from tests.factories import UserFactory


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Ideia {n}")
    description = "Uma melhoria para o sistema."
    published = True
    # As ideas.services.idea_publish sets it.
    published_at = factory.LazyAttribute(lambda idea: timezone.now() if idea.published else None)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Sistema {n}")


class _KeepsCounts(factory.django.DjangoModelFactory):
    """Rows written straight to the table, then the idea's kept counters brought in line
    (as the services do in their transaction)."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            idea_counts_refresh(idea=instance.idea)


class VoteFactory(_KeepsCounts):
    class Meta:
        model = Vote

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)


class RatingFactory(_KeepsCounts):
    class Meta:
        model = Rating

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)
    score = 4


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    body = "Seria ótimo para a nossa equipe."
