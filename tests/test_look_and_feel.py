"""The design system's hooks in every page, the phone menu, and pt-BR wording fixes."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.text import Truncator
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def test_every_page_loads_the_theme_before_and_the_brand_after_the_other_styles(client):
    html = client.get(reverse("account_login")).content.decode()

    styles = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assert styles[:2] == ["vendor/bootstrap/bootstrap.min.css", "css/theme.css"]
    assert styles[-1] == "css/brand.css", "an operator's brand.css overrides everything"
    # Dark mode from a static file (strict CSP), before the styles so a dark page never flashes.
    assert html.index('<script src="/static/js/theme.js"></script>') < html.index("css/theme.css")
    assert '<img class="portal-logo" src="/static/img/logo.svg" alt=""' in html


def test_the_main_menu_is_a_details_that_opens_without_javascript(customer_client):
    html = customer_client.get(reverse("dashboard")).content.decode()

    menu = re.search(r'<details class="main-menu-details"[^>]*>(.*?)</details>', html, re.S)
    assert menu, html
    assert re.search(r"<summary[^>]*>.*?Menu</summary>", menu.group(1), re.S)
    assert 'href="/chamados/"' in menu.group(1)
    # Icons are decorative next to their label.
    icons = re.findall(r"<svg [^>]*>", menu.group(1))
    assert len(icons) == 6
    assert all('aria-hidden="true"' in icon and 'focusable="false"' in icon for icon in icons)


def test_static_override_dir_wins_over_the_portal_files(tmp_path):
    from django.contrib.staticfiles import finders

    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.svg").write_text("<svg/>")
    with override_settings(STATICFILES_DIRS=[str(tmp_path), "static"]):
        finders.get_finder.cache_clear()
        try:
            assert finders.find("img/logo.svg") == str(tmp_path / "img" / "logo.svg")
        finally:
            finders.get_finder.cache_clear()


def test_login_says_lembrar_de_mim_in_lower_case(client):
    response = client.get(reverse("account_login"))

    assertContains(response, "Lembrar de mim")
    assertNotContains(response, "Lembrar de Mim")


def test_pt_br_dates_write_months_in_lower_case_and_english_keeps_its_capitals():
    day = datetime.date(2026, 12, 2)
    with translation.override("pt-br"):
        assert formats.date_format(day) == "2 de dezembro de 2026"
        assert formats.date_format(day, "YEAR_MONTH_FORMAT") == "dezembro de 2026"
    with translation.override("en"):
        assert "Dec" in formats.date_format(day)


def test_cut_text_has_no_leading_space_in_pt_br():
    """Django's pt-BR catalogue put a space before every truncated text (" Nota reje…")."""
    with translation.override("pt-br"):
        assert Truncator("Nota rejeitada no lote 42").chars(10) == "Nota reje…"
        assert Template("{{ s|truncatechars:10 }}").render(Context({"s": "Nota rejeitada"})) == "Nota reje…"


def test_an_empty_ticket_list_offers_the_next_action(customer_client):
    html = customer_client.get(reverse("tickets:list")).content.decode()

    empty = re.search(r'<div class="empty-state" data-testid="tickets-empty">(.*?)</div>', html, re.S)
    assert empty, html
    assert "Você ainda não abriu nenhum chamado." in empty.group(1)
    assert re.search(
        r'<a class="btn btn-primary" href="/chamados/novo/">.*?Abrir chamado</a>', empty.group(1), re.S
    )


def test_the_team_admin_wears_the_portal_brand(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()

    admin_css = html.index("/static/admin/css/base.css")
    assert html.index('<link rel="stylesheet" href="/static/css/admin_theme.css">') > admin_css
    assert 'id="site-name"' in html


def test_meus_dados_language_and_photo_look_like_the_other_bootstrap_controls(customer_client):
    html = customer_client.get(reverse("accounts:profile")).content.decode()

    assert re.search(r'<select name="language" class="form-select" id="id_language">', html)
    assert re.search(r'<input type="file" name="photo"[^>]* class="form-control"', html)
    assert re.search(r'<input type="text" name="first_name"[^>]* class="form-control"', html)
    # A field with an error says so in Bootstrap's way too.
    html = customer_client.post(reverse("accounts:profile"), {"first_name": ""}).content.decode()
    assert re.search(r'<input type="text" name="first_name"[^>]* class="form-control is-invalid"', html)


def test_allauth_forms_get_bootstrap_controls_too(client):
    html = client.get(reverse("account_login")).content.decode()

    assert re.search(r'<input type="text" name="login"[^>]* class="form-control"', html)
    assert re.search(r'<input type="password" name="password"[^>]* class="form-control"', html)


@pytest.mark.parametrize(
    ("url_name", "label", "signed_in"),
    [
        ("account_login", "Entrar", False),
        ("account_reset_password", "Enviar nova senha", False),
        ("tickets:create", "Abrir chamado", True),
        ("accounts:profile", "Salvar", True),
        ("ideas:suggest", "Enviar sugestão", True),
    ],
)
def test_form_submit_buttons_carry_a_decorative_icon_next_to_their_text(
    client, customer, url_name, label, signed_in
):
    if signed_in:
        client.force_login(customer)
    html = client.get(reverse(url_name)).content.decode()

    button = re.search(r'<button type="submit" class="btn btn-primary[^"]*">(.*?)</button>', html, re.S)
    assert button, html
    assert re.match(r'\s*<svg class="bi"[^>]* aria-hidden="true" focusable="false">', button.group(1))
    assert button.group(1).strip().endswith(label)


def test_a_field_with_its_own_class_is_marked_invalid_too(customer_client):
    html = customer_client.post(reverse("tickets:create"), {}).content.decode()

    assert re.search(r'<input type="text" name="subject"[^>]* class="form-control is-invalid"', html)
    assert re.search(r'<textarea name="description"[^>]* class="form-control is-invalid"', html)
