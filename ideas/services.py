from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import RATING_MAX, RATING_MIN, Idea, Rating, Vote


def idea_publish(*, idea: Idea) -> bool:
    """Show the idea to customers. The first publication sets `published_at` ("newest" means
    newest to customers: a suggestion published today is new today; publishing again after
    hiding it keeps the date). False if it was already published."""
    if idea.published:
        return False
    idea.published = True
    idea.published_at = idea.published_at or timezone.now()
    idea.save(update_fields=["published", "published_at"])
    return True


def idea_vote_set(*, idea: Idea, user: User, voted: bool) -> bool:
    """Cast or withdraw the user's vote on a published idea; returns whether it now counts.

    Idempotent: a double-submitted "vote" still leaves exactly one vote.
    """
    if not idea.published:
        raise ValueError("Votes are only for published ideas.")
    with transaction.atomic():
        if voted:
            Vote.objects.get_or_create(idea=idea, user=user)
        else:
            Vote.objects.filter(idea=idea, user=user).delete()
    return voted


def idea_rate(*, idea: Idea, user: User, score: int) -> Rating:
    """Rate a published idea from 1 to 5; rating again replaces the user's previous score."""
    if not idea.published:
        raise ValueError("Ratings are only for published ideas.")
    if not RATING_MIN <= score <= RATING_MAX:
        raise ValueError(f"A rating goes from {RATING_MIN} to {RATING_MAX}.")
    with transaction.atomic():
        rating, _ = Rating.objects.update_or_create(idea=idea, user=user, defaults={"score": score})
    return rating


def idea_suggest(*, user: User, title: str, description: str) -> Idea:
    """Record a customer's suggestion as an unpublished idea for staff to review."""
    return Idea.objects.create(title=title, description=description, suggested_by=user, published=False)
