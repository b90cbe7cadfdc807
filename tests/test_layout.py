"""The page frame and the dashboard: the seed's five items, the footer's language switcher,
and the admin link for staff only."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("dashboard")


def section(html: str, start_pattern: str, end_tag: str) -> str:
    match = re.search(start_pattern, html)
    assert match, f"{start_pattern!r} not found"
    end = html.index(end_tag, match.end())
    return without_icons(html[match.start() : end])


def without_icons(html: str) -> str:
    """The HTML without the decorative Bootstrap Icons (aria-hidden <svg class="bi">) before labels."""
    return re.sub(r'<svg class="bi[^"]*"[^>]*aria-hidden="true".*?</svg>\s*', "", html, flags=re.S)


def test_dashboard_shows_the_five_items_of_the_seed(customer_client):
    html = customer_client.get(DASHBOARD_URL).content.decode()

    # (1) Main menu: Meus dados, Meus chamados, Meus projetos, Ideias e melhorias, Sair.
    menu = section(html, r'<nav [^>]*aria-label="Menu principal"', "</nav>")
    positions = [
        menu.find(label) for label in ("Meus dados", "Meus chamados", "Meus projetos", "Ideias e melhorias")
    ]
    assert -1 not in positions, menu
    assert positions == sorted(positions), "the menu keeps the seed's order"
    assert re.search(r'<form method="post" action="/conta/logout/"[^>]*>.*?Sair</button>', menu, re.S)
    # (2) The content area.
    assert '<main id="main"' in html
    # (3) The "Abrir chamado" button.
    assert re.search(r"<a [^>]*>Abrir chamado</a>", html)
    # (4) The bell (named by its unread count; a link or a <details> dropdown) and the account menu.
    assert re.search(r'class="bell[^"]*"[^>]* aria-label="Notificações[^"]*"', menu), menu
    # The account menu is named by a visually hidden label and the person's name (label in name).
    assert re.search(r'<summary[^>]*>.*?<span class="visually-hidden">Menu da conta</span>', menu, re.S), menu
    # (5) Quick links to Chamados, Projetos, Ideias.
    quick = section(html, r'<aside [^>]*aria-labelledby="quick-links-title"', "</aside>")
    assert "Acesso rápido" in quick
    for label in ("Meus chamados", "Meus projetos", "Ideias e melhorias"):
        assert label in quick


def test_dashboard_greets_the_customer_by_first_name(customer_client):
    assertContains(customer_client.get(DASHBOARD_URL), "Olá, Ana")


def test_menu_items_link_to_their_sections(customer_client):
    html = customer_client.get(DASHBOARD_URL).content.decode()

    menu = section(html, r'<nav [^>]*aria-label="Menu principal"', "</nav>")
    assert f'href="{reverse("accounts:profile")}">Meus dados</a>' in menu
    for url_name, label in (
        ("tickets:list", "Meus chamados"),
        ("projects:list", "Meus projetos"),
        ("ideas:list", "Ideias e melhorias"),
    ):
        assert f'href="{reverse(url_name)}">{label}</a>' in menu


def test_main_menu_marks_the_current_page(customer_client):
    html = without_icons(customer_client.get(reverse("accounts:profile")).content.decode())

    assert re.search(r'class="nav-link active" href="/meus-dados/" aria-current="page">Meus dados<', html)


def test_anonymous_header_offers_the_knowledge_base_and_sign_in(client):
    html = client.get(reverse("kb:home")).content.decode()

    menu = section(html, r'<nav [^>]*aria-label="Menu principal"', "</nav>")
    assert "Base de conhecimento" in menu
    assert "Acessar a minha conta" in menu
    assert "Meus dados" not in menu


def test_page_titles_name_the_page_and_the_site(client):
    assertContains(
        client.get(reverse("account_login")), "<title>Acessar a minha conta · Portal do Cliente</title>"
    )


def test_footer_switches_to_english_and_remembers_it_on_the_account(customer_client, customer):
    page = customer_client.get(DASHBOARD_URL).content.decode()
    footer = section(page, r"<footer", "</footer>")
    assert f'action="{reverse("accounts:set_language")}" method="post"' in footer
    assert 'name="language" value="en"' in footer

    response = customer_client.post(
        reverse("accounts:set_language"), {"language": "en", "next": DASHBOARD_URL}
    )

    assertRedirects(response, DASHBOARD_URL, fetch_redirect_response=False)
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    customer.refresh_from_db()
    assert customer.language == "en"
    english = customer_client.get(DASHBOARD_URL)
    assertContains(english, '<html lang="en">')
    assertContains(english, "Hello, Ana")
    assertContains(english, "My details")


def test_language_choice_follows_the_customer_to_a_new_browser(client, customer):
    client.force_login(customer)
    client.post(reverse("accounts:set_language"), {"language": "en", "next": DASHBOARD_URL})
    client.post(reverse("account_logout"))

    other_browser = client.__class__()
    other_browser.post(reverse("account_login"), {"login": "ana", "password": "s3nha-Forte-2026"})

    assertContains(other_browser.get(DASHBOARD_URL), "Hello, Ana")


def test_anonymous_visitor_can_switch_language(client):
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"}, follow=True)

    assertContains(response, '<h1 class="display-6">Knowledge base</h1>')


def test_language_switch_refuses_get_and_foreign_redirects(customer_client, customer):
    assert customer_client.get(reverse("accounts:set_language"), {"language": "en"}).status_code == 405
    customer.refresh_from_db()
    assert customer.language == "pt-br"

    response = customer_client.post(
        reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example.com/"}
    )
    assert "evil.example.com" not in response["Location"]


def test_unknown_language_is_ignored(customer_client, customer):
    customer_client.post(reverse("accounts:set_language"), {"language": "xx", "next": DASHBOARD_URL})

    customer.refresh_from_db()
    assert customer.language == "pt-br"


def test_staff_see_the_admin_link(staff_client):
    response = staff_client.get(DASHBOARD_URL)

    assertContains(response, f'href="{reverse("admin:index")}"', count=2)  # account menu and quick links
    assertContains(response, "Administração da equipe")


def test_customers_do_not_see_the_admin_link(customer_client):
    response = customer_client.get(DASHBOARD_URL)

    assertNotContains(response, reverse("admin:index"))
    assertNotContains(response, "Administração da equipe")


def test_pages_carry_no_inline_script_or_style(customer_client):
    html = customer_client.get(DASHBOARD_URL).content.decode()

    assert "<script>" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)
