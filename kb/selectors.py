"""Reads of the knowledge base that depend on who asks and in which language. Every one
starts from `Article.objects.visible_to(user)` (or `readable_by` for the article page)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import translation

from accounts.people import Person

from .models import Article, ArticleTranslation, Category, Feedback

HOME_LIST_SIZE = 5
RELATED_SIZE = 5


def current_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def with_translation(queryset, language: str | None = None):
    """Prefetch the reader's translation (if any) into `article.current_translations`."""
    language = language or current_language()
    if language == settings.LANGUAGE_CODE:
        return queryset  # the main text is pt-BR: nothing to fetch
    return queryset.prefetch_related(
        Prefetch(
            "translations",
            queryset=ArticleTranslation.objects.filter(language=language),
            to_attr="current_translations",
        )
    )


@dataclass
class LocalizedArticle:
    """An article as one reader reads it: their language's text when it exists, pt-BR
    otherwise (`fallback` says so, and in which language the text is)."""

    article: Article
    language: str
    fallback: bool

    @property
    def text(self):
        translations = getattr(self.article, "current_translations", [])
        return translations[0] if translations else self.article

    @property
    def title(self) -> str:
        return self.text.title

    @property
    def summary(self) -> str:
        return self.text.summary

    @property
    def rendered(self):
        return self.text.rendered

    @property
    def reading_minutes(self) -> int:
        return self.text.reading_minutes

    @property
    def text_language(self) -> str:
        return self.language if getattr(self.article, "current_translations", []) else settings.LANGUAGE_CODE


def localize(article: Article, language: str | None = None) -> LocalizedArticle:
    language = language or current_language()
    has_translation = bool(getattr(article, "current_translations", []))
    fallback = language != settings.LANGUAGE_CODE and not has_translation
    return LocalizedArticle(article=article, language=language, fallback=fallback)


def home(*, user: Person) -> dict:
    """Categories with how many articles this reader can see in each, most read and
    recently updated articles: four queries whatever the size of the base."""
    visible = Article.objects.visible_to(user)
    rows = (
        visible.annotate(top=Coalesce("category__parent_id", "category_id"))
        .values("top")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["top"]: row["n"] for row in rows}
    categories = [c for c in Category.objects.active().top_level() if counts.get(c.pk)]
    for category in categories:
        category.article_count = counts[category.pk]
    listed = with_translation(visible.select_related("category"))
    return {
        "categories": categories,
        "most_read": [localize(a) for a in listed.order_by("-views", "-updated_at")[:HOME_LIST_SIZE]],
        "recent": [localize(a) for a in listed.order_by("-updated_at", "-pk")[:HOME_LIST_SIZE]],
    }


def category_articles(*, user: Person, category: Category):
    """Articles of a category and of its sections (or of a section), in reading order."""
    visible = Article.objects.visible_to(user)
    if category.parent_id:
        articles = visible.filter(category=category)
    else:
        articles = visible.filter(Q(category=category) | Q(category__parent=category))
    return with_translation(articles.select_related("category")).order_by(
        "category__order", "category__name", "order", "title"
    )


def category_sections(*, user: Person, category: Category) -> list[Category]:
    if category.parent_id:
        return []
    visible_ids = Article.objects.visible_to(user).values("category_id")
    return list(category.sections.active().filter(pk__in=visible_ids))


def article_for_reader(*, user: Person, slug: str, language: str | None = None) -> Article | None:
    """The article for its page, with every translation (for hreflang) and the reader's
    own in `current_translations`."""
    language = language or current_language()
    article = (
        Article.objects.readable_by(user)
        .select_related("category", "category__parent", "author")
        .prefetch_related("tags", "translations")
        .filter(slug=slug)
        .first()
    )
    if article is not None:
        article.current_translations = [t for t in article.translations.all() if t.language == language]
    return article


def related_articles(*, user: Person, article: Article) -> list[LocalizedArticle]:
    """Same section or a shared tag, most read first."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    related = (
        Article.objects.visible_to(user)
        .exclude(pk=article.pk)
        .filter(Q(category_id=article.category_id) | Q(tags__in=tag_ids))
        .annotate(shared=Count("tags", filter=Q(tags__in=tag_ids)))
        .order_by("-shared", "-views", "title")
    )
    return [localize(a) for a in with_translation(related)[:RELATED_SIZE]]


def neighbours(*, user: Person, article: Article) -> tuple[LocalizedArticle | None, LocalizedArticle | None]:
    """Previous and next article of the same section, in its reading order."""
    siblings = with_translation(Article.objects.visible_to(user).filter(category_id=article.category_id))
    before = Q(order__lt=article.order) | Q(order=article.order, title__lt=article.title)
    after = Q(order__gt=article.order) | Q(order=article.order, title__gt=article.title)
    previous = siblings.filter(before).order_by("-order", "-title").first()
    following = siblings.filter(after).order_by("order", "title").first()
    return (localize(previous) if previous else None, localize(following) if following else None)


def reader_feedback(*, request, article: Article) -> Feedback | None:
    if request.user.is_authenticated:
        return Feedback.objects.filter(article=article, user=request.user).first()
    key = request.session.session_key
    if not key:
        return None
    return Feedback.objects.filter(article=article, user__isnull=True, session_key=key).first()
