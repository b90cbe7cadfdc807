"""The accessibility gate: axe-core (WCAG 2.0/2.1 A and AA rules) on every customer-facing page
(the knowledge base, sign-in, the customer area, Meus dados, the plugin's popup, error pages), at
1280 px and at 360 px in the light and the dark theme, and at 768 px (a tablet) in the light one:
no serious or critical violation, and no page scrolls sideways. Screenshots of each page land in
test-screenshots/ (not committed) for a reviewer to look at after `make test`.

axe-core is vendored for the tests only (tests/e2e/vendor/axe.min.js, from npm, MPL-2.0); the
browser context bypasses the portal's strict CSP so the test can inject it.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ideas.models import Idea
from notifications.models import Notification
from notifications.services import notify
from plugin.models import Integration
from plugin.services import signing_key_create
from projects.models import Milestone, Project
from tests.factories import TEST_PASSWORD, UserFactory
from tests.kb.factories import ArticleFactory, CategoryFactory, SectionFactory
from tests.plugin.helpers import HOST, mint
from tickets.models import Sector, Ticket

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-screenshots"
BLOCKING = {"serious", "critical"}


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG A/AA violations on the page, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' | ' + (n.failureSummary || '').replace(/\\s+/g, ' '))}));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}\n      " + "\n      ".join(v["nodes"])
        for v in result
        if v["impact"] in BLOCKING
    ]


def check(page, name: str, width: int, scheme: str, problems: list[str]) -> None:
    """axe on the page as it is now, plus the sideways-scroll check on phones; screenshot it."""
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme, name
    for line in axe_violations(page):
        problems.append(f"[{name} {width}px {scheme}] {line}")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"[{name} {width}px {scheme}] scrolls sideways: {scroll_width}px wide")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}-{scheme}.png"), full_page=True)


# A tablet is checked in the light theme only: the dark theme's colours are the same at every
# width, and each combination costs about 20 s.
@pytest.mark.parametrize(
    ("width", "scheme"),
    [(1280, "light"), (1280, "dark"), (360, "light"), (360, "dark"), (768, "light")],
)
def test_customer_pages_have_no_serious_accessibility_violations(
    browser, live_server, settings, width, scheme
):
    settings.SITE_URL = live_server.url  # the plugin's tokens are minted for this audience
    Sector.objects.get_or_create(
        name="Suporte", defaults={"is_default": True, "email": "suporte@example.com"}
    )
    ana = UserFactory(username="ana", email="ana@acme.example.com", first_name="Ana", last_name="Souza")
    project = Project.objects.create(organization=ana.organization, name="Portal de vendas B2B")
    Milestone.objects.create(project=project, title="Protótipo", state=Milestone.State.DONE)
    Milestone.objects.create(project=project, title="Integração com o ERP")
    idea = Idea.objects.create(title="Relatórios em PDF", published=True)
    system = CategoryFactory(name="ERP Fiscal", slug="erp-fiscal", description="Notas fiscais e impostos.")
    section = SectionFactory(parent=system, name="Faturamento", slug="faturamento")
    article = ArticleFactory(
        category=section,
        title="Emissão de NF-e com certificado A1",
        slug="emissao-de-nf-e",
        summary="Como emitir a nota fiscal eletrônica com o certificado instalado.",
        body=(
            "## Antes de começar\n\nConfira a validade do certificado em **Configurações**.\n\n"
            "## Emitindo a nota\n\n1. Abra *Faturamento*.\n2. Clique em `Emitir`.\n\n"
            "> Se aparecer “Falha na assinatura”, renove o certificado.\n\n"
            "| Campo | Valor |\n|---|---|\n| Série | 1 |\n"
        ),
        tags=["nota fiscal", "certificado"],
    )
    ArticleFactory(category=section, title="Cancelamento de NF-e", slug="cancelamento-de-nf-e")
    integration = Integration.objects.create(
        organization=ana.organization, system=system, name="ERP da Acme", allowed_origins=HOST
    )
    key, secret = signing_key_create(integration=integration)

    context = browser.new_context(
        bypass_csp=True,
        locale="pt-BR",
        viewport={"width": width, "height": 800},
        color_scheme=scheme,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    base = live_server.url
    problems: list[str] = []
    try:
        # Anonymous pages.
        for name, path in [
            ("home", "/"),
            ("login", "/conta/login/"),
            ("password-reset", "/conta/password/reset/"),
            ("not-found-anonymous", "/pagina-que-nao-existe/"),
            ("kb-category", system.get_absolute_url()),
            ("kb-section", section.get_absolute_url()),
            ("kb-article", article.get_absolute_url()),
        ]:
            page.goto(base + path)
            check(page, name, width, scheme, problems)

        # The plugin refuses a bad token with a page of its own (the host's form posts it).
        page.set_content(
            f'<form method="post" action="{base}/plugin/entrar/"><input name="token" value="x">'
            '<button type="submit">Enviar</button></form>'
        )
        page.get_by_role("button", name="Enviar").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        check(page, "plugin-refused", width, scheme, problems)

        page.goto(base + "/conta/login/")
        page.get_by_label("Nome de usuário ou e-mail").fill("ana")
        page.get_by_label("Senha").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Entrar").click()
        expect(page).to_have_url(re.compile("/painel/"))
        check(page, "dashboard", width, scheme, problems)

        # Abrir chamado: first with errors, then for real (with a long file name).
        page.goto(base + "/chamados/novo/")
        page.get_by_role("button", name="Abrir chamado").click()
        expect(page.locator("[aria-invalid=true]").first).to_be_visible()
        check(page, "ticket-form-errors", width, scheme, problems)
        page.get_by_label("Assunto").fill("Erro ao emitir nota fiscal")
        page.get_by_label("Descrição").fill("Aparece “Falha na assinatura”.")
        page.get_by_label("Enviar arquivo").set_input_files(
            [{"name": "relatorio-" + "x" * 80 + ".pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
        )
        page.get_by_role("button", name="Abrir chamado").click()
        ticket = Ticket.objects.get()
        expect(page.get_by_role("heading", name=re.compile(f"#{ticket.number}"))).to_be_visible()
        check(page, "ticket", width, scheme, problems)

        notify(
            [ana],
            title=f"Nova resposta no chamado #{ticket.number}",
            kind=Notification.Kind.TICKET,
            link=f"/chamados/{ticket.number}/",
            email=False,
        )
        for name, path in [
            ("ticket-list", "/chamados/"),
            ("notifications", "/notificacoes/"),
            ("my-details", "/meus-dados/"),
            ("projects", "/projetos/"),
            ("project", project.get_absolute_url()),
            ("ideas", "/ideias/"),
            ("idea", idea.get_absolute_url()),
            ("notification", Notification.objects.get(recipient=ana).get_absolute_url()),
            ("activity", "/notificacoes/atividade/"),
            ("search", "/busca/?q=nota"),
            ("security", "/conta/2fa/"),
            ("sessions", "/conta/sessions/"),
            ("privacy", "/meus-dados/privacidade/"),
            ("not-found", "/chamados/999999/"),
        ]:
            page.goto(base + path)
            check(page, name, width, scheme, problems)

        # The account menu: open, its items padded like Bootstrap's dropdown items.
        page.locator(".user-menu > summary").click()
        my_details = page.locator(".user-menu").get_by_role("link", name="Meus dados")
        expect(my_details).to_be_visible()
        assert my_details.evaluate("a => getComputedStyle(a).paddingLeft") == "16px"
        check(page, "account-menu-open", width, scheme, problems)

        # The plugin's popup, signed in by the host's token (posted from the host's page).
        signed_in = context.request.post(
            base + "/plugin/entrar/",
            form={"token": mint(key, secret, aud=live_server.url)},
            headers={"Origin": HOST},
        )
        assert signed_in.ok, signed_in.status
        page.goto(base + "/plugin/")
        expect(page.get_by_role("heading", name="Alguma dúvida?")).to_be_visible()
        check(page, "plugin-home", width, scheme, problems)
        page.goto(base + "/plugin/?q=nota")
        expect(page.get_by_role("link", name=re.compile("Emissão de NF-e"))).to_be_visible()
        check(page, "plugin-search", width, scheme, problems)
        page.goto(base + "/plugin/chamado/")
        page.get_by_role("button", name="Abrir chamado").click()
        expect(page.locator("[aria-invalid=true]").first).to_be_visible()
        check(page, "plugin-ticket-errors", width, scheme, problems)
        page.get_by_label("Assunto").fill("Nota rejeitada")
        page.get_by_label("Descrição").fill("Rejeição 539 ao transmitir.")
        page.get_by_role("button", name="Abrir chamado").click()
        expect(page.get_by_test_id("ticket-number")).to_be_visible()
        check(page, "plugin-ticket-sent", width, scheme, problems)

        if width < 1200:
            page.goto(base + "/painel/")
            # The phone's menu opens without JavaScript's help and is accessible when open.
            menu = page.get_by_role("navigation", name="Menu principal")
            expect(menu.get_by_role("link", name="Meus chamados")).to_be_hidden()
            menu.get_by_text("Menu", exact=True).click()
            expect(menu.get_by_role("link", name="Meus chamados")).to_be_visible()
            check(page, "menu-open", width, scheme, problems)
    finally:
        context.close()

    assert not problems, "\n".join(problems)


def test_dark_mode_and_icons_work_under_the_portals_csp(browser, live_server):
    """Without bypassing the CSP: theme.js (a static file) turns a dark system dark, and the
    icon sprite (same origin) draws the menu's icons."""
    context = browser.new_context(locale="pt-BR", color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(26, 29, 32)", background
        assert page.evaluate("document.querySelector('.portal-logo').naturalWidth") > 0
    finally:
        context.close()
    context = browser.new_context(locale="pt-BR", color_scheme="dark", java_script_enabled=False)
    page = context.new_page()
    try:
        # Without JavaScript the portal stays in its complete light theme.
        page.goto(live_server.url + "/")
        assert page.locator("html").get_attribute("data-bs-theme") is None
        background = page.locator("body").evaluate("body => getComputedStyle(body).backgroundColor")
        assert background == "rgb(248, 249, 251)", background
    finally:
        context.close()
