import factory
from django.utils import timezone

from ideas.models import Idea, Rating, Vote
from tests.factories import UserFactory


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    title = factory.Sequence(lambda n: f"Ideia {n}")
    description = "Uma melhoria para o sistema."
    published = True
    # As ideas.services.idea_publish sets it.
    published_at = factory.LazyAttribute(lambda idea: timezone.now() if idea.published else None)


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    idea = factory.SubFactory(IdeaFactory)
    user = factory.SubFactory(UserFactory)
    score = 4
