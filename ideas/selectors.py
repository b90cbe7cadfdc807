from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet

from accounts.people import Person
from kb.search import normalize, terms, variants

from .models import Comment, Idea, IdeaQuerySet, StatusChange

SIMILAR_LIMIT = 5
SIMILARITY_THRESHOLD = 0.35


def idea_list(*, user: Person) -> IdeaQuerySet:
    """Published ideas with the user's own vote/rating/follow (one query per page; the counts
    are columns of the idea)."""
    return Idea.objects.published().select_related("category").with_stats(user)


def dashboard_ideas(*, user: Person, limit: int = 3) -> dict[str, list[Idea]]:
    ideas = idea_list(user=user)
    return {
        "top": list(ideas.sorted_by("votes")[:limit]),
        "newest": list(ideas.sorted_by("newest")[:limit]),
    }


def idea_detail(*, user: Person, pk: int) -> Idea | None:
    """A published idea with its history and the comments the user may read (hidden comments
    only for staff), in a fixed number of queries; None if the user may not see it."""
    comments = Comment.objects.select_related("author")
    if not user.is_staff:
        comments = comments.visible()
    return (
        idea_list(user=user)
        .prefetch_related(
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("-created_at", "-pk")),
            Prefetch("comments", queryset=comments, to_attr="thread"),
        )
        .filter(pk=pk)
        .first()
    )


def merged_target(*, pk: int) -> Idea | None:
    """The published idea a merged duplicate now lives in, or None."""
    return Idea.objects.published().filter(merged_ideas__pk=pk).first()


def _words(text: str) -> list[str]:
    """The meaningful words of what someone typed, lowercased with their accents kept (titles
    are stored with accents), chosen by the KB's rules (stopwords out)."""
    wanted = set(terms(text, suggest=True))
    raw = [word.strip(".,;:!?()\"'") for word in text.lower().split()]
    return [word for word in raw if word and normalize(word) in wanted][:8]


def idea_search(queryset: QuerySet, query: str) -> QuerySet:
    """Ideas whose title or description contain every word of the query."""
    for word in _words(query):
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset


def similar_ideas(*, user: Person, title: str, limit: int = SIMILAR_LIMIT) -> list[Idea]:
    """Published ideas like the title a customer is typing, best first, so they can vote
    instead of suggesting a duplicate.

    PostgreSQL: trigram word similarity with the title (pg_trgm), which also forgives typos
    and a missing accent. SQLite: titles holding any of the words or their singular/plural
    forms (the KB's rules), most voted first.
    """
    words = _words(title)
    if not words:
        return []
    ideas = idea_list(user=user)
    if connection.vendor == "postgresql":
        return list(
            ideas.annotate(similarity=TrigramWordSimilarity(" ".join(words), "title"))
            .filter(similarity__gte=SIMILARITY_THRESHOLD)
            .order_by("-similarity", "-vote_count", "-pk")[:limit]
        )
    match = Q()
    for word in words:
        for form in {word, *variants(word)}:
            match |= Q(title__icontains=form)
    return list(ideas.filter(match).order_by("-vote_count", "-pk")[:limit])
