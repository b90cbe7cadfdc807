"""A staff internal note, written through the admin's form (with a file, together with a
status change), reaches no customer by any path: page, list, search, dashboard, bell,
notification, e-mail, attachment and preview URLs, for the customer and her colleagues."""

import re

import pytest
from django.test import Client

from tests.helpers import png_bytes, upload
from tests.tickets.test_staff_admin import admin_form
from tickets.models import Attachment, Message

pytestmark = pytest.mark.django_db

NOTE = "Nota-Interna-Zebra: cliente inadimplente"
NOTE_FILE = "parecer-interno-zebra.png"


@pytest.fixture
def noted(world, staff, organization):
    organization.share_tickets = True  # colleagues see the ticket, never the note
    organization.save()
    team = Client()
    team.force_login(staff)
    response = team.post(
        f"/admin/tickets/ticket/{world.ticket.pk}/change/",
        admin_form(
            world.ticket,
            reply_body=NOTE,
            reply_visibility="internal",
            reply_files=[upload(NOTE_FILE, png_bytes(), "image/png")],
            status="waiting_customer",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    note = Message.objects.get(body=NOTE)
    assert note.internal
    attachment = note.attachments.get()
    assert attachment.thumbnail
    return world.ticket, attachment


def visible_html(client, ticket) -> str:
    pages = [
        ticket.get_absolute_url(),
        "/painel/",
        "/chamados/",
        "/notificacoes/",
        "/notificacoes/?status=unread",
    ]
    html = ""
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html += response.content.decode()
    for pk in re.findall(r"/notificacoes/(\d+)/", html):
        html += client.get(f"/notificacoes/{pk}/").content.decode()
    return html


@pytest.mark.parametrize("who", ["customer", "colleague"])
def test_note_reaches_no_customer_page(client, noted, request, who):
    ticket, attachment = noted
    client.force_login(request.getfixturevalue(who))

    html = visible_html(client, ticket)

    assert "Zebra" not in html and "inadimplente" not in html
    assert NOTE_FILE not in html
    assert f"/anexos/{attachment.pk}/" not in html
    assert f"message-{attachment.message_id}" not in html
    assert "Aguardando cliente" in html  # the status change itself is public
    # The search does not find the ticket by the note's words (it does by its public ones).
    for words in ("Zebra", "inadimplente", NOTE_FILE):
        assert f"/chamados/{ticket.number}/" not in client.get("/chamados/", {"q": words}).content.decode()
    assert f"/chamados/{ticket.number}/" in client.get("/chamados/", {"q": "sigiloso"}).content.decode()


@pytest.mark.parametrize("who", ["customer", "colleague"])
def test_note_file_urls_are_404(client, noted, request, who):
    ticket, attachment = noted
    client.force_login(request.getfixturevalue(who))
    base = f"/chamados/{ticket.number}/anexos/{attachment.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "miniatura/").status_code == 404


def test_note_reaches_no_customer_e_mail(noted, customer, colleague, deliver_outbox):
    mails = deliver_outbox()
    to_customers = [m for m in mails if set(m.to) & {customer.email, colleague.email}]
    assert to_customers  # the status change was mailed...
    for mail in to_customers:  # ...without the note
        content = mail.subject + mail.body + "".join(body for body, _type in mail.alternatives)
        assert "Zebra" not in content and "inadimplente" not in content and NOTE_FILE not in content


def test_staff_still_see_the_note(noted, staff_client):
    ticket, attachment = noted
    html = staff_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert NOTE in html and NOTE_FILE in html
    assert Attachment.objects.filter(message__internal=True).count() == 1
