"""Search in Portuguese on whichever database runs the suite (SQLite locally, PostgreSQL in
CI): accents, plurals, typos (PostgreSQL), ranking, snippets, pagination, bad input."""

import pytest
from django.db import connection
from django.urls import reverse

from kb.models import SearchTerm
from kb.search import normalize, search, variants
from tests.kb.factories import ArticleFactory

pytestmark = pytest.mark.django_db
on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram fallback is PostgreSQL's")


@pytest.fixture
def articles(db):
    return {
        "cert": ArticleFactory(
            title="Configuração do certificado digital A1",
            summary="Instale o certificado e revise as configurações fiscais.",
            body="## Instalação\n\nAbra as **configurações** do sistema e escolha o arquivo do certificado.",
            tags=["certificado"],
        ),
        "nfe": ArticleFactory(
            title="Como emitir uma nota fiscal eletrônica",
            summary="Passo a passo da emissão.",
            body="Para emitir a nota fiscal, abra o módulo de faturamento e confira a nota fiscal antes de enviar.",
            tags=["nf-e"],
        ),
        "boleto": ArticleFactory(
            title="Emissão de boletos",
            summary="Gere boletos para seus clientes.",
            body="Escolha o banco e a carteira de cobrança. Depois imprima os boletos.",
        ),
    }


def titles(user, query, **kwargs):
    return [hit.article.title for hit in search(user=user, query=query, **kwargs)[:20]]


def test_without_accents_finds_accented_words(articles, anonymous_user):
    assert titles(anonymous_user, "configuracao")[0] == "Configuração do certificado digital A1"
    assert "Configuração do certificado digital A1" in titles(anonymous_user, "CONFIGURAÇÕES")


def test_plural_finds_singular_and_back(articles, anonymous_user):
    assert titles(anonymous_user, "notas fiscais") == ["Como emitir uma nota fiscal eletrônica"]
    assert titles(anonymous_user, "boleto") == ["Emissão de boletos"]


def test_every_word_is_required_on_the_search_page(articles, anonymous_user):
    assert titles(anonymous_user, "boletos certificado") == []


def test_title_outranks_body(articles, anonymous_user):
    other = ArticleFactory(
        title="Cadastro de clientes", body="Antes, confira o certificado digital do cliente."
    )
    found = titles(anonymous_user, "certificado")
    assert found.index("Configuração do certificado digital A1") < found.index(other.title)


@on_postgres
def test_a_typo_still_finds_the_article(articles, anonymous_user):
    assert titles(anonymous_user, "nota fical")[0] == "Como emitir uma nota fiscal eletrônica"


def test_suggestions_need_any_word_and_complete_the_last(articles, anonymous_user):
    found = titles(anonymous_user, "erro ao configurar o certif", suggest=True)
    assert found[0] == "Configuração do certificado digital A1"


def test_snippet_highlights_matches_and_is_escaped(anonymous_user):
    ArticleFactory(title="Artigo perigoso", body="Texto <script>alert(1)</script> sobre faturamento mensal.")
    hit = search(user=anonymous_user, query="faturamento")[0]
    assert "<mark>faturamento</mark>" in hit.snippet
    assert "<script>" not in hit.snippet


def test_search_terms_cannot_inject_query_syntax(articles, anonymous_user):
    for query in [
        'nota" OR "x',
        "nota & !fiscal",
        "nota:* | (",
        "NEAR(nota fiscal)",
        "'; DROP TABLE kb_article; --",
    ]:
        search(user=anonymous_user, query=query)[:5]  # no error


def test_normalize_and_variants():
    assert normalize("  Configuração   FISCAL ") == "configuracao fiscal"
    assert {"fiscal", "fiscais"} <= set(variants("fiscais"))
    assert {"configuracao", "configuracoes"} <= set(variants("configuracao"))


def test_search_page_paginates_and_logs_in_aggregate(client):
    for n in range(23):
        ArticleFactory(title=f"Relatório fiscal {n}")
    first = client.get(reverse("kb:search"), {"q": "relatorio"})
    second = client.get(reverse("kb:search"), {"q": "Relatório", "page": 2})

    assert "23 artigos encontrados" in first.content.decode()
    assert first.content.decode().count('class="card mb-3"') == 20
    assert second.content.decode().count('class="card mb-3"') == 3
    term = SearchTerm.objects.get()
    assert (term.query, term.count, term.results) == ("relatorio", 1, 23)  # page 2 is the same search


def test_searches_without_results_are_logged_for_authors(client, articles):
    client.get(reverse("kb:search"), {"q": "integração com marketplace"})
    client.get(reverse("kb:search"), {"q": "Integração com marketplace"})

    term = SearchTerm.objects.get()
    assert (term.query, term.count, term.results) == ("integracao com marketplace", 2, 0)


@pytest.mark.parametrize("query", ["", "a", " ", "%", "é"])
def test_empty_and_one_letter_queries_are_handled(client, articles, query):
    response = client.get(reverse("kb:search"), {"q": query})
    assert response.status_code == 200
    assert not SearchTerm.objects.exists()
    if query.strip():
        assert "Digite pelo menos duas letras" in response.content.decode()


def test_suggestions_ignore_the_words_every_subject_has(articles, anonymous_user):
    ArticleFactory(title="Mensagens de erro do sistema", body="Erro genérico do sistema.")
    found = titles(anonymous_user, "Erro no sistema ao emitir boleto", suggest=True)
    assert found[0] == "Emissão de boletos"
    assert "Mensagens de erro do sistema" not in found
