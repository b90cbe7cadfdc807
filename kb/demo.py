"""Demo knowledge base: the customer-area guide ("Conhecendo a área do cliente") first, then
realistic articles about three systems. Idempotent: existing slugs are left alone."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from . import services
from .demo_content import ARTICLES, CATEGORIES
from .models import Article, ArticleTranslation, Category, Tag


def load(ctx: dict) -> None:
    categories = {}
    for order, data in enumerate(CATEGORIES):
        category, _ = Category.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data["description"],
                "icon": data.get("icon", ""),
                "order": order,
            },
        )
        categories[category.slug] = category
        for section_order, section_data in enumerate(data.get("sections", [])):
            section, _ = Category.objects.get_or_create(
                slug=section_data["slug"],
                defaults={
                    "parent": category,
                    "name": section_data["name"],
                    "description": section_data.get("description", ""),
                    "order": section_order,
                },
            )
            categories[section.slug] = section

    author = ctx.get("equipe")
    now = timezone.now()
    for position, data in enumerate(ARTICLES):
        if Article.objects.filter(slug=data["slug"]).exists():
            continue
        # Spread the dates so "recently updated" and "most read" have something to show.
        published = now - timedelta(days=3 * (len(ARTICLES) - position))
        article = Article.objects.create(
            category=categories[data["category"]],
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            body=data["body"].strip(),
            status=Article.Status.PUBLISHED,
            visibility=data.get("visibility", Article.Visibility.PUBLIC),
            order=position,
            author=author,
            published_at=published,
            reviewed_at=published,
            updated_at=published + timedelta(days=position % 4),
            views=(len(ARTICLES) - position) * 37 % 500 + (400 if position == 0 else 0),
        )
        tags = [
            Tag.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0] for name in data["tags"]
        ]
        article.tags.set(tags)
        if data.get("en"):
            ArticleTranslation.objects.create(
                article=article,
                language="en",
                title=data["en"]["title"],
                summary=data["en"]["summary"],
                body=data["en"]["body"].strip(),
            )
        services.article_refresh(article=article)
