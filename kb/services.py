"""Writes of the knowledge base: keeping an article's derived text and search entry in step,
publishing, reader feedback, deflections, view counts and search analytics."""

from __future__ import annotations

import re
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User

from . import search
from .markup import article_plain_text
from .models import Article, ArticleTranslation, Deflection, Feedback, SearchTerm

# Crawlers and link previewers do not count as readers.
BOT_RE = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|curl|wget|python-requests|httpx|headless",
    re.IGNORECASE,
)
COMMENT_MAX_LENGTH = 2000


def article_refresh(*, article: Article) -> None:
    """Recompute what is derived from the article's text (plain text for snippets and
    reading time, the search entry) after it or its translations or tags changed.

    Call it after the article's many-to-many fields and translations are saved."""
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(body_text=article_plain_text(article.body))
        article.body_text = article_plain_text(article.body)
        for translation in article.translations.all():
            ArticleTranslation.objects.filter(pk=translation.pk).update(
                body_text=article_plain_text(translation.body)
            )
        article = Article.objects.prefetch_related("translations", "tags").get(pk=article.pk)
        search.index_article(article)


def article_publish(*, article: Article) -> bool:
    """Publish a draft or archived article now (keeping an earlier publication date).
    Returns False when it was already published."""
    if article.status == Article.Status.PUBLISHED:
        return False
    now = timezone.now()
    article.status = Article.Status.PUBLISHED
    article.published_at = article.published_at or now
    article.updated_at = now
    article.save(update_fields=["status", "published_at", "updated_at"])
    return True


def article_mark_reviewed(*, article: Article) -> None:
    """Someone checked the article is still right today (without changing "atualizado em")."""
    article.reviewed_at = timezone.now()
    article.save(update_fields=["reviewed_at"])


def article_count_view(*, slug: str, user_agent: str) -> None:
    """One more reader: a single cheap UPDATE (no row per view); bots are not counted.
    (No page is invalidated: "Mais lidos" may lag until a page's entry expires.)"""
    if not user_agent or BOT_RE.search(user_agent):
        return
    Article.objects.filter(slug=slug).update(views=F("views") + 1)


def feedback_record(
    *, article: Article, user=None, session_key: str = "", helpful: bool, comment: str = ""
) -> Feedback:
    """Record a reader's "Isso ajudou?" answer: one per reader (user, or visitor's session)
    and article; answering again changes it. A comment only goes with "Não"."""
    comment = (comment or "").strip()[:COMMENT_MAX_LENGTH] if not helpful else ""
    owner = {"user": user} if user is not None else {"user": None, "session_key": session_key}
    now = timezone.now()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                feedback, created = Feedback.objects.select_for_update().get_or_create(
                    article=article, **owner, defaults={"helpful": helpful, "comment": comment}
                )
                if not created:
                    feedback.helpful = helpful
                    # "Sim" after "Não" keeps nothing of the old complaint; a second "Não"
                    # without a comment keeps the comment already given.
                    feedback.comment = comment if (comment or helpful) else feedback.comment
                    feedback.updated_at = now
                    feedback.save(update_fields=["helpful", "comment", "updated_at"])
                return feedback
        except IntegrityError:  # two answers raced: the other one created the row; update it
            continue
    raise RuntimeError("feedback could not be recorded")


DEFLECTION_WINDOW = timedelta(hours=1)


def deflection_record(*, article: Article, user: User, query: str = "") -> Deflection:
    """The customer says this article solved what they were about to open a ticket for.
    Clicking again (or a resent form) within the hour counts once."""
    recent = Deflection.objects.filter(
        article=article, user=user, created_at__gte=timezone.now() - DEFLECTION_WINDOW
    ).first()
    return recent or Deflection.objects.create(article=article, user=user, query=(query or "").strip()[:200])


def search_log(*, query: str, results: int) -> None:
    """Count a search in aggregate: normalized text, times, results last time. Nobody's id."""
    normalized = search.normalize(query)
    if not search.is_searchable(normalized):
        return
    now = timezone.now()
    updated = SearchTerm.objects.filter(query=normalized).update(
        count=F("count") + 1, results=results, last_seen=now
    )
    if updated:
        return
    try:
        with transaction.atomic():
            SearchTerm.objects.create(
                query=normalized, count=1, results=results, first_seen=now, last_seen=now
            )
    except IntegrityError:  # someone else logged the same new query meanwhile
        SearchTerm.objects.filter(query=normalized).update(
            count=F("count") + 1, results=results, last_seen=now
        )
