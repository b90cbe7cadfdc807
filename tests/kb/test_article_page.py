"""The article page as a reader sees it: breadcrumbs, table of contents, reading time, related
and neighbouring articles, "Abrir chamado", SEO tags, the reader's language, view counting."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from kb.models import Article
from tests.kb.factories import ArticleFactory, CategoryFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section():
    return SectionFactory(name="Nota fiscal eletrônica", parent=CategoryFactory(name="ERP Fiscal"))


@pytest.fixture
def article(section):
    return ArticleFactory(
        category=section,
        title="Como emitir uma nota fiscal eletrônica",
        summary="Passo a passo da emissão da NF-e.",
        body="Intro.\n\n## Antes de começar\n\nTexto.\n\n### Certificado\n\nMais.\n\n## Emitir a nota\n\nFim.",
        order=2,
        tags=["nf-e"],
    )


def test_breadcrumbs_toc_and_reading_time(client, article):
    response = client.get(article.get_absolute_url())

    assertContains(response, '<a href="/categorias/', count=2)  # category and section
    assertContains(response, "ERP Fiscal")
    assertContains(response, '<h2 id="s-antes-de-comecar">Antes de começar</h2>', html=True)
    assertContains(response, 'href="#s-antes-de-comecar"', count=2)  # desktop and phone tables of contents
    assertContains(response, 'href="#s-certificado"', count=2)
    assertContains(response, "1 min de leitura")
    assertContains(response, "Atualizado em")


def test_related_and_neighbours_in_the_section(client, article, section):
    before = ArticleFactory(category=section, title="Cadastro do emitente", order=1)
    after = ArticleFactory(category=section, title="Cancelar a nota", order=3)
    tagged = ArticleFactory(title="Rejeições da SEFAZ", tags=["nf-e"])
    unrelated = ArticleFactory(title="Emissão de boletos")

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'rel="prev" href="{before.get_absolute_url()}"' in html
    assert f'rel="next" href="{after.get_absolute_url()}"' in html
    assert tagged.get_absolute_url() in html
    assert unrelated.get_absolute_url() not in html


def test_still_need_help_prefills_the_ticket_subject(customer, article):
    from django.test import Client

    visitor = Client().get(article.get_absolute_url()).content.decode()
    assert "/conta/login/?next=%2Fchamados%2Fnovo%2F%3Fassunto%3DComo%2Bemitir" in visitor

    customer_client = Client()
    customer_client.force_login(customer)
    html = customer_client.get(article.get_absolute_url()).content.decode()
    assert "/chamados/novo/?assunto=Como+emitir+uma+nota+fiscal+eletr%C3%B4nica" in html
    form = customer_client.get(
        "/chamados/novo/?assunto=Como%20emitir%20uma%20nota%20fiscal%20eletr%C3%B4nica"
    )
    assertContains(form, 'value="Como emitir uma nota fiscal eletrônica"')


def test_seo_tags(client, settings, article):
    settings.SITE_URL = "https://suporte.example.com"
    response = client.get(article.get_absolute_url())

    url = f"https://suporte.example.com{article.get_absolute_url()}"
    assertContains(response, f'<link rel="canonical" href="{url}">')
    assertContains(response, '<meta name="description" content="Passo a passo da emissão da NF-e.">')
    assertContains(response, '<meta property="og:title" content="Como emitir uma nota fiscal eletrônica">')
    assertContains(response, f'<link rel="alternate" hreflang="pt-BR" href="{url}?lang=pt-br">')
    assertNotContains(response, 'hreflang="en"')


def test_english_reader_gets_the_translation_and_hreflang(client, section):
    article = ArticleFactory(
        category=section,
        title="Emitir nota",
        en={
            "title": "Issuing an invoice",
            "summary": "Step by step.",
            "body": "## Before you start\n\nText.",
        },
    )
    client.cookies["django_language"] = "en"

    response = client.get(article.get_absolute_url())

    assertContains(response, "Issuing an invoice")
    assertContains(response, '<article class="col-lg-8" lang="en"')
    assertNotContains(response, "not available in your language")
    assertContains(response, 'hreflang="en"')
    assertContains(client.get(f"{article.get_absolute_url()}?lang=pt-br"), "<h1", count=1)
    assertContains(client.get(f"{article.get_absolute_url()}?lang=pt-br"), "Emitir nota")


def test_without_a_translation_english_readers_get_portuguese_with_a_note(client, article):
    client.cookies["django_language"] = "en"

    response = client.get(article.get_absolute_url())

    assertContains(response, "Como emitir uma nota fiscal eletrônica")
    assertContains(response, "This article is not available in your language yet")
    assertContains(response, 'lang="pt-br"')


def test_views_are_counted_without_bots(client, article):
    client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0")
    client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")
    client.get(article.get_absolute_url(), HTTP_USER_AGENT="")

    assert Article.objects.get(pk=article.pk).views == 1


def test_home_shows_categories_with_counts_most_read_and_recent(client, article, section):
    ArticleFactory(category=section, title="Mais lido", views=900)
    ArticleFactory(category=section, title="Rascunho", status=Article.Status.DRAFT)

    response = client.get(reverse("kb:home"))

    assertContains(response, "ERP Fiscal")
    assertContains(
        response, '<span class="small fw-semibold" data-testid="article-count">2 artigos</span>', html=True
    )
    assertContains(response, "Mais lido")
    assertNotContains(response, "Rascunho")
    assertContains(response, 'name="q"')
    assertContains(response, "Acessar a minha conta")


def test_home_greets_a_signed_in_customer(customer_client, article):
    response = customer_client.get(reverse("kb:home"))
    assertContains(response, "Olá, Ana!")
    assertContains(response, f'href="{reverse("dashboard")}"')


def test_category_page_paginates(client, section):
    for n in range(25):
        ArticleFactory(category=section, title=f"Artigo {n:02d}")

    first = client.get(section.get_absolute_url()).content.decode()
    second = client.get(f"{section.get_absolute_url()}?page=2").content.decode()

    assert "Artigo 00" in first and "Artigo 19" in first and "Artigo 20" not in first
    assert "Artigo 24" in second


def test_parent_category_lists_its_sections_articles(client, section, article):
    response = client.get(section.parent.get_absolute_url())
    assertContains(response, article.title)
    assertContains(response, section.get_absolute_url())
