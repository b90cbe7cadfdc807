"""The base de conhecimento in the browser: a visitor finds an article typing without accents
and answers "Isso ajudou?"; signed in, she starts a chamado, is offered the same article while
typing the Assunto, says it solved her problem, and no chamado is opened."""

import re

import pytest
from playwright.sync_api import expect

from kb.models import Deflection, Feedback
from tests.factories import TEST_PASSWORD, OrganizationFactory, UserFactory
from tests.kb.factories import ArticleFactory, CategoryFactory
from tickets.models import Sector, Ticket

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Configuração do certificado digital A1"
SUBJECT = "Erro na configuracao do certificado"
# The kb's pt-BR translation may still be missing: the English source string shows meanwhile.
SEARCH_LABEL = re.compile("Pesquisar na base de conhecimento|Search the knowledge base")
ANSWERED_YES = re.compile("Você respondeu “Sim”|You answered “Yes”")
SOLVED = re.compile("Isso resolveu meu problema|This solved my problem")
SIGN_IN = re.compile("^(Entrar|Sign in)$")


def log_in(page, base_url, username):
    page.goto(f"{base_url}/conta/login/")
    page.locator("input[name=login]").fill(username)
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.get_by_role("button", name=SIGN_IN).click()
    expect(page).to_have_url(f"{base_url}/painel/")


def test_visitor_finds_article_then_customer_is_spared_a_ticket(page, live_server, settings):
    settings.SITE_URL = live_server.url
    # Transactional tests empty the tables: the default sector must be put back.
    Sector.objects.get_or_create(name="Suporte", defaults={"is_default": True})
    customer = UserFactory(username="ana", first_name="Ana", organization=OrganizationFactory(name="Acme"))
    fiscal = CategoryFactory(name="ERP Fiscal", slug="erp-fiscal")
    article = ArticleFactory(
        category=fiscal,
        title=TITLE,
        slug="configuracao-do-certificado-digital-a1",
        summary="Como instalar e configurar o certificado A1 no ERP Fiscal.",
        body=(
            "Antes de emitir notas, revise as configurações do certificado.\n\n"
            "## Instalação\n\nAbra o arquivo .pfx e informe a senha.\n\n"
            "## Validade\n\nO certificado A1 vale por um ano."
        ),
    )
    ArticleFactory(category=fiscal, title="Emissão de boleto bancário", body="## Boleto\n\nGere o boleto.")
    ArticleFactory(title="Cadastro de clientes", body="## Clientes\n\nInforme o CNPJ do cliente.")

    # A visitor searches from the home page, without the accent.
    page.goto(f"{live_server.url}/")
    search_box = page.locator("#kb-q")
    expect(search_box).to_have_accessible_name(SEARCH_LABEL)
    search_box.fill("configuracao")
    search_box.press("Enter")
    expect(page).to_have_url(re.compile(r"/busca/\?q=configuracao$"))
    results = page.locator(".kb-results")
    expect(results.get_by_role("link")).to_have_count(1)
    results.get_by_role("link", name=TITLE).click()

    # The article: its title, its table of contents and its text.
    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(TITLE)
    toc = page.locator("nav[aria-labelledby=toc-title]")
    expect(toc.get_by_role("link", name="Instalação")).to_be_visible()
    expect(page.locator(".kb-body").get_by_role("heading", name="Instalação")).to_be_visible()
    expect(page.locator(".kb-body")).to_contain_text("configurações do certificado")

    # "Isso ajudou?" → Sim, as a visitor (the answer belongs to her session).
    feedback = page.locator("#feedback")
    expect(feedback.get_by_test_id("feedback-state")).to_have_count(0)
    feedback.locator("button[name=helpful][value=yes]").click()
    expect(feedback.get_by_test_id("feedback-state")).to_have_text(ANSWERED_YES)
    expect(feedback.locator("button[name=helpful][value=yes]")).to_have_attribute("aria-pressed", "true")
    answer = Feedback.objects.get()
    assert (answer.article, answer.helpful, answer.user) == (article, True, None)

    # Signed in, she starts a chamado; the article is suggested while she types the Assunto.
    log_in(page, live_server.url, "ana")
    page.goto(f"{live_server.url}/chamados/novo/")
    page.locator("input[name=subject]").press_sequentially(SUBJECT, delay=20)
    suggestions = page.get_by_test_id("kb-suggestions")
    expect(suggestions).to_be_visible()
    suggested = suggestions.get_by_role("listitem").filter(has=page.get_by_role("link", name=TITLE))
    # The fragment for the whole subject has arrived (not one for a prefix typed earlier).
    expect(suggested.locator("input[name=query]")).to_have_value(SUBJECT)
    link = suggested.get_by_role("link", name=TITLE)
    expect(link).to_be_visible()
    expect(link).to_have_attribute("target", "_blank")

    # "Isso resolveu meu problema": back to the article, and no chamado.
    suggested.get_by_role("button", name=SOLVED).click()
    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator(".messages .alert-success")).to_be_visible()
    deflection = Deflection.objects.get()
    assert (deflection.user, deflection.article, deflection.query) == (customer, article, SUBJECT)
    assert not Ticket.objects.exists()
