"""The public pages run a constant number of queries whatever the size of the base: the same
page with few and with many articles, categories and tags costs the same."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.kb.factories import ArticleFactory, CategoryFactory, SectionFactory

# What rendering costs as data grows (a page served again from the page cache costs less).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def grow(section, n):
    for i in range(n):
        category = CategoryFactory()
        ArticleFactory(category=SectionFactory(parent=category), title=f"Outro {i}", tags=[f"t{i}", "comum"])
        ArticleFactory(
            category=section,
            title=f"Irmão {i}",
            tags=["comum"],
            en={"title": f"Sibling {i}", "summary": "", "body": "x"},
        )


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def section():
    return SectionFactory()


@pytest.mark.parametrize("as_customer", [False, True])
def test_pages_cost_the_same_with_more_articles(client, customer, section, as_customer):
    if as_customer:
        client.force_login(customer)
    article = ArticleFactory(category=section, title="Alvo", tags=["comum"])
    pages = [
        reverse("kb:home"),
        article.get_absolute_url(),
        section.get_absolute_url(),
        section.parent.get_absolute_url(),
        f"{reverse('kb:search')}?q=irmao",
        f"{reverse('kb:suggestions')}?q=irmao",
    ]
    grow(section, 2)
    for url in pages:  # the first search of a term also creates its analytics row
        client.get(url)
    small = {url: count(client, url) for url in pages}
    grow(section, 25)
    large = {url: count(client, url) for url in pages}

    assert small == large


def test_article_page_budget(client, django_assert_max_num_queries, section):
    article = ArticleFactory(category=section, tags=["a", "b"], en={"title": "T", "summary": "", "body": "x"})
    grow(section, 5)
    # article + tags + translations, related, previous, next, view count, (session-less) feedback
    with django_assert_max_num_queries(7):
        client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0")


def test_home_budget(client, django_assert_max_num_queries, section):
    grow(section, 5)
    with django_assert_max_num_queries(6):
        client.get(reverse("kb:home"))
