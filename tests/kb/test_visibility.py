"""Who reads what: every article state and audience, for a visitor, a customer of the chosen
company, a customer of another company and staff, on the article page, the category page,
the home page, search (and its snippets), suggestions and the sitemap. What someone may not
read is a 404 (never a 403) and appears nowhere."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kb.models import Article
from tests.factories import OrganizationFactory, UserFactory
from tests.kb.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

WORD = "segredoxyz"  # a word only the article under test contains


@pytest.fixture
def company():
    return OrganizationFactory(name="Empresa escolhida")


@pytest.fixture
def readers(company, staff):
    return {
        "visitor": None,
        "customer_of_company": UserFactory(organization=company),
        "customer_of_other": UserFactory(organization=OrganizationFactory()),
        "staff": staff,
    }


def article_in_state(state, company):
    base = {"title": f"Artigo {WORD}", "body": f"## Parte\n\nTexto com {WORD} dentro.", "summary": WORD}
    future = timezone.now() + timezone.timedelta(days=2)
    states = {
        "public": {},
        "customers": {"visibility": Article.Visibility.CUSTOMERS},
        "companies": {"visibility": Article.Visibility.COMPANIES, "companies": [company]},
        "draft": {"status": Article.Status.DRAFT},
        "archived": {"status": Article.Status.ARCHIVED},
        "scheduled": {"published_at": future},
        "inactive_category": {"category": CategoryFactory(is_active=False)},
    }
    return ArticleFactory(**base, **states[state])


# state -> readers who may read it on its page (staff read drafts too: the admin's preview).
MAY_READ_PAGE = {
    "public": {"visitor", "customer_of_company", "customer_of_other", "staff"},
    "customers": {"customer_of_company", "customer_of_other", "staff"},
    "companies": {"customer_of_company", "staff"},
    "draft": {"staff"},
    "archived": {"staff"},
    "scheduled": {"staff"},
    "inactive_category": {"staff"},
}
# ...and who finds it in lists, search, suggestions (only what is published and live).
MAY_FIND = {
    "public": {"visitor", "customer_of_company", "customer_of_other", "staff"},
    "customers": {"customer_of_company", "customer_of_other", "staff"},
    "companies": {"customer_of_company", "staff"},
}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("state", sorted(MAY_READ_PAGE))
@pytest.mark.parametrize("reader", ["visitor", "customer_of_company", "customer_of_other", "staff"])
def test_article_page(readers, company, state, reader):
    article = article_in_state(state, company)
    response = client_for(readers[reader]).get(article.get_absolute_url())

    if reader in MAY_READ_PAGE[state]:
        assert response.status_code == 200
        assert WORD in response.content.decode()
    else:
        assert response.status_code == 404
        assert WORD not in response.content.decode()


@pytest.mark.parametrize("state", sorted(MAY_READ_PAGE))
@pytest.mark.parametrize("reader", ["visitor", "customer_of_company", "customer_of_other", "staff"])
def test_lists_search_and_suggestions(readers, company, state, reader):
    article = article_in_state(state, company)
    client = client_for(readers[reader])
    pages = [
        reverse("kb:home"),
        reverse("kb:category", args=[article.category.slug]),
        f"{reverse('kb:search')}?q={WORD}",
        f"{reverse('kb:suggestions')}?q={WORD}",
    ]
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        if url == article.category.get_absolute_url() and not article.category.is_active:
            assert response.status_code == 404
            continue
        assert response.status_code == 200, url
        found = article.get_absolute_url() in html
        assert found == (reader in MAY_FIND.get(state, set())), (url, html[:200])
        if not found:
            # Neither its title nor a snippet of its text (the query itself is echoed back).
            assert f"Artigo {WORD}" not in html and "Texto com" not in html, url


def test_feedback_and_deflection_on_unreadable_articles_are_404(readers, company):
    draft = article_in_state("companies", company)
    client = client_for(readers["customer_of_other"])

    assert client.post(reverse("kb:feedback", args=[draft.slug]), {"helpful": "yes"}).status_code == 404
    assert client.post(reverse("kb:deflect", args=[draft.slug]), {"query": "x"}).status_code == 404
    assert not draft.feedback.exists() and not draft.deflections.exists()


def test_sitemap_lists_public_articles_only(client, company):
    public = article_in_state("public", company)
    others = [article_in_state(state, company) for state in ("customers", "companies", "draft", "archived")]

    xml = client.get("/sitemap.xml").content.decode()

    assert f"http://testserver{public.get_absolute_url()}" in xml
    for article in others:
        assert article.get_absolute_url() not in xml
    assert public.category.get_absolute_url() in xml


def test_sitemap_links_come_from_site_url_not_the_host_header(client, settings, company):
    settings.SITE_URL = "https://suporte.example.com"
    settings.ALLOWED_HOSTS = ["other.example.com"]
    public = article_in_state("public", company)

    xml = client.get("/sitemap.xml", HTTP_HOST="other.example.com").content.decode()

    assert f"https://suporte.example.com{public.get_absolute_url()}" in xml
    assert "other.example.com" not in xml
