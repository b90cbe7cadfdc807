from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.db.models import Q

from .models import Article, Category


class SiteUrlSitemap(Sitemap):
    """Absolute links from SITE_URL, never from the request's Host header."""

    changefreq = "weekly"

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteUrlSitemap):
    """Public articles only: what an anonymous visitor may read."""

    def items(self):
        return Article.objects.visible_to(AnonymousUser()).order_by("pk")

    def lastmod(self, article):
        return article.updated_at


class CategorySitemap(SiteUrlSitemap):
    def items(self):
        public = Article.objects.visible_to(AnonymousUser())
        return (
            Category.objects.active()
            .filter(Q(articles__in=public) | Q(sections__articles__in=public))
            .distinct()
            .order_by("pk")
        )


SITEMAPS = {"articles": ArticleSitemap, "categories": CategorySitemap}
