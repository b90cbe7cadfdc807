from accounts.people import Person

from .models import Idea, IdeaQuerySet


def idea_list(*, user: Person) -> IdeaQuerySet:
    """Published ideas with their counts and the user's own vote/rating (one query per page)."""
    return Idea.objects.published().with_stats(user)


def dashboard_ideas(*, user: Person, limit: int = 3) -> dict[str, list[Idea]]:
    ideas = idea_list(user=user)
    return {
        "top": list(ideas.sorted_by("votes")[:limit]),
        "newest": list(ideas.sorted_by("newest")[:limit]),
    }
