"""Knowledge-base articles go through the same Markdown + nh3 pipeline as team notices: none
of the known bypass vectors survives in the article page, its table of contents, search
snippets, suggestions or the admin preview; titles and search terms are plain text."""

import re

import pytest
from django.urls import reverse

from kb.markup import render_article
from tests.kb.factories import ArticleFactory

from .test_markdown import VECTORS
from .test_markdown import dangerous as dangerous_in_notice

pytestmark = pytest.mark.django_db
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# Articles may show images: an <img> with nothing but src/alt/title is fine (its src still
# goes through the URL check below); any other attribute is not.
SAFE_IMG = re.compile(r'<img(?: (?:src|alt|title)="[^"]*")*>')


def dangerous(html: str):
    return dangerous_in_notice(SAFE_IMG.sub("", html)) or dangerous_in_notice(
        " ".join(re.findall(r'src="[^"]*"', html)).replace("src=", "href=")
    )


def body_of(html: str) -> str:
    return re.search(r'<div class="kb-body">(.*?)</div>\n', html, re.DOTALL).group(1)


@pytest.mark.parametrize("vector", VECTORS)
def test_render_leaves_nothing_that_runs(vector):
    assert not dangerous(render_article(vector).html)


def test_every_vector_through_page_search_suggestions_and_admin_preview(client, staff_client):
    body = "## Título <img src=x onerror=alert(1)>\n\nBoleto vetor.\n\n" + "\n\n".join(VECTORS)
    article = ArticleFactory(title="Boleto seguro", body=body)

    page = client.get(article.get_absolute_url()).content.decode()
    assert not dangerous(body_of(page))
    assert "onerror" not in page.split('<div class="kb-body">')[0]  # table of contents
    results = client.get(f"{reverse('kb:search')}?q=vetor").content.decode()
    snippets = re.search(r'<ol class="list-unstyled kb-results">(.*?)</ol>', results, re.DOTALL).group(1)
    assert "<mark>" in snippets and not dangerous(snippets)
    assert not dangerous(client.get(f"{reverse('kb:suggestions')}?q=vetor").content.decode())
    preview = staff_client.post(reverse("admin:kb_article_preview"), {"title": PAYLOAD, "body": body})
    html = preview.content.decode()
    assert not dangerous(re.search(r'data-testid="preview-body">(.*?)</div>', html, re.DOTALL).group(1))
    assert "<script>alert" not in html


def test_titles_and_search_terms_are_plain_text(client):
    article = ArticleFactory(title=f"Boleto {PAYLOAD}", summary=PAYLOAD, tags=["boleto"])

    for url in (
        reverse("kb:home"),
        article.get_absolute_url(),
        article.category.get_absolute_url(),
        f"{reverse('kb:search')}?q={PAYLOAD}",
        f"{reverse('kb:search')}?q=boleto",
        f"{reverse('kb:suggestions')}?q=boleto",
    ):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url


def test_images_are_limited_to_safe_sources():
    html = render_article(
        "![a](https://cdn.example.com/a.png) ![b](/media/kb/b.jpg) ![c](javascript:alert(1))"
    ).html
    assert 'src="https://cdn.example.com/a.png"' in html
    assert 'src="/media/kb/b.jpg"' in html
    assert "javascript:" not in html
