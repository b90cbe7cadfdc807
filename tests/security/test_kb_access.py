"""Knowledge-base URLs that name an article: one restricted to Ana's company (and a draft) is a
404 (never a 403) to whoever may not read it, through every such URL, and nothing changes.
The walk over the URL resolver makes a new kb URL fail here until it is listed."""

import pytest
from django.test import Client
from django.urls import reverse

from kb.models import Article
from tests.factories import UserFactory
from tests.kb.factories import ArticleFactory
from tests.security.helpers import snapshot
from tests.test_pages_require_login import routed_urls

pytestmark = pytest.mark.django_db
SECRET = "Procedimento exclusivo"

# URL name -> (method, POST data)
ARTICLE_URLS = {
    "kb:article": ("GET", {}),
    "kb:feedback": ("POST", {"helpful": "no", "comment": "x"}),
    "kb:deflect": ("POST", {"query": "x"}),
}


def test_every_article_url_is_probed():
    names = {name for name, url in routed_urls() if name.startswith("kb:") and "/artigos/x/" in url}
    assert names == set(ARTICLE_URLS)


@pytest.fixture
def restricted(organization):
    return ArticleFactory(
        title=SECRET, body=SECRET, visibility=Article.Visibility.COMPANIES, companies=[organization]
    )


@pytest.fixture
def draft():
    return ArticleFactory(title=SECRET, body=SECRET, status=Article.Status.DRAFT)


@pytest.mark.parametrize("name", sorted(ARTICLE_URLS))
@pytest.mark.parametrize("who", ["visitor", "stranger", "without_company"])
@pytest.mark.parametrize("which", ["restricted", "draft"])
def test_who_may_not_read_gets_404(request, stranger, customer, name, who, which):
    article = request.getfixturevalue(which)
    client = Client()
    if who == "stranger":
        client.force_login(stranger)
    elif who == "without_company":
        client.force_login(UserFactory(organization=None))
    method, data = ARTICLE_URLS[name]
    url = reverse(name, args=[article.slug])
    before = snapshot()

    response = client.get(url) if method == "GET" else client.post(url, data)

    if who == "visitor" and name == "kb:deflect":
        assert response.status_code == 302  # sign in first: nothing about the article is said
    else:
        assert response.status_code == 404, f"{who} got {response.status_code} on {url}"
    assert SECRET not in response.content.decode()
    assert snapshot() == before


def test_customer_of_the_company_reads_it(customer_client, restricted):
    assert customer_client.get(restricted.get_absolute_url()).status_code == 200
