"""Customer and team text is plain text everywhere it is shown: escaped, line breaks kept,
only http(s)/mail addresses linked, nothing breaking out of the link it becomes."""

import re

import pytest
from django.test import Client

from tests.helpers import client_token
from tests.tickets.test_staff_admin import admin_form
from tickets.templatetags.tickets_tags import plaintext

pytestmark = pytest.mark.django_db

PAYLOAD = "<img src=x onerror=alert(1)><script>alert(1)</script>"


@pytest.mark.parametrize(
    "text",
    [
        'https://x.example.com/"onmouseover="alert(1)',
        'https://ok.example.com"><script>alert(1)</script>',
        "http://a.example.com/?q=<img src=x onerror=alert(1)>",
        "www.evil.example.com/<script>alert(1)</script>",
        'ana@example.com"onclick="alert(1)',
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "[x](javascript:alert(1)) <a href='javascript:alert(2)'>oi</a>",
    ],
)
def test_plaintext_links_only_what_is_a_web_or_mail_address(text):
    html = str(plaintext(text))
    tags = re.findall(r"<[^>]+>", html)
    for tag in tags:
        assert re.fullmatch(r'<a href="(https?://|mailto:)[^"<>]*"( rel="nofollow")?>|</a>|<br>', tag), tag
    assert "<script" not in html and "<img" not in html


def test_a_subject_and_a_name_are_escaped_wherever_they_show(customer_client, customer, world, staff):
    customer.first_name = PAYLOAD
    customer.save()
    customer_client.post(
        "/chamados/novo/",
        {
            "sector": world.ticket.sector_id,
            "subject": PAYLOAD,
            "description": f"{PAYLOAD}\nsegunda linha",
            "client_token": client_token(),
        },
    )
    ticket = customer.tickets.get(subject=PAYLOAD)
    staff.first_name = PAYLOAD
    staff.save()
    team = Client()
    team.force_login(staff)
    team.post(f"/admin/tickets/ticket/{ticket.pk}/change/", admin_form(ticket, reply_body=PAYLOAD))

    pages = [ticket.get_absolute_url(), "/chamados/", "/painel/", "/notificacoes/", "/meus-dados/"]
    for page in pages:
        html = customer_client.get(page).content.decode()
        assert "<img src=x" not in html and "<script>alert" not in html, page
    detail = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>segunda linha" in detail
    assert f"<title>#{ticket.number} &lt;img" in detail
    admin = team.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert "<img src=x" not in admin and "<script>alert" not in admin


REFLECTED = '"><script>alert(1)</script><img src=x onerror=alert(1) x="'


@pytest.mark.parametrize(
    "path",
    [
        "/painel/",
        "/chamados/",
        "/chamados/novo/",
        "/projetos/",
        "/ideias/",
        "/notificacoes/",
        "/meus-dados/",
        "/conta/password/change/",
    ],
)
def test_query_strings_are_never_reflected_unescaped(customer_client, world, path):
    params = dict.fromkeys(("q", "status", "sector", "sort", "page", "ref", "next", "mine"), REFLECTED)
    params["opened_from"] = REFLECTED

    response = customer_client.get(path, params, follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html


def test_public_pages_do_not_reflect_either(client):
    for path in ("/", "/conta/login/", "/conta/password/reset/"):
        html = client.get(path, {"next": REFLECTED, "q": REFLECTED}).content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, path
