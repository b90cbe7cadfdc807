"""E-mail subjects are one line and HTML bodies escaped, whatever a ticket, sector, name or
project holds (even when it got into the database past the forms)."""

import pytest

from notifications.models import OutboundEmail
from tests.factories import UserFactory
from tests.helpers import default_sector
from tests.projects.factories import ProjectFactory
from tests.projects.test_admin import admin_post_data
from tests.tickets.test_staff_admin import admin_form
from tickets.models import Ticket
from tickets.services import ticket_open, ticket_reply, ticket_staff_update

pytestmark = pytest.mark.django_db

NASTY = "Pedido <b>urgente</b>\r\nBcc: spy@evil.example.com\nX-Injected: 1\u2028fim"


def assert_well_formed(mail):
    assert "\r" not in mail.subject and "\n" not in mail.subject and "\u2028" not in mail.subject
    message = mail.message()  # raises BadHeaderError on CR/LF in a header
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert mail.recipients() == mail.to


def test_subjects_of_every_ticket_mail_are_one_line(customer, staff, deliver_outbox):
    sector = default_sector()
    sector.name = "Suporte\r\nCc: spy@evil.example.com"
    sector.email = "suporte@portal.example.com"
    sector.save()
    customer.first_name = "<img src=x onerror=alert(1)>"
    customer.save()
    # Straight to the service: the form's own clean-up is not what protects the headers.
    ticket = ticket_open(customer=customer, sector=sector, subject=NASTY, description="<script>x</script>")
    assert Ticket.objects.get(pk=ticket.pk).subject == NASTY
    ticket.assignee = staff
    ticket.save()
    ticket_reply(ticket=ticket, author=customer, body="mais <script>y</script>")
    ticket_staff_update(ticket=ticket, actor=staff, body="Resposta", status=Ticket.Status.WAITING_CUSTOMER)

    mails = deliver_outbox()
    assert len(mails) == 4  # confirmation, sector alert, assignee alert, notification copy
    for mail in mails:
        assert_well_formed(mail)
        for html, _type in mail.alternatives:
            assert "<b>urgente" not in html and "<script>" not in html and "<img src=x" not in html
    assert not OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).exists()


def test_project_mails_are_one_line(customer, staff_client, deliver_outbox, organization):
    project = ProjectFactory(organization=organization, name=NASTY)
    data = admin_post_data(
        project, new_update="Nova <b>etapa</b>\r\nBcc: spy@evil.example.com", status="finished"
    )
    response = staff_client.post(f"/admin/projects/project/{project.pk}/change/", data)
    assert response.status_code == 302
    mails = deliver_outbox()
    assert mails
    for mail in mails:
        assert_well_formed(mail)
        for html, _type in mail.alternatives:
            assert "<b>urgente" not in html and "<b>etapa" not in html


def test_reset_mail_for_an_odd_name_is_well_formed(client, deliver_outbox):
    UserFactory(
        username="joana", email="joana@cliente.example.com", first_name="Jo\r\nBcc: x@evil.example.com"
    )
    client.post("/conta/password/reset/", {"email": "joana@cliente.example.com"})
    (mail,) = deliver_outbox()
    assert_well_formed(mail)


def test_links_in_mails_never_come_from_the_host_header(client, customer, staff, settings, deliver_outbox):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = "https://portal.example.com"
    sector = default_sector()
    sector.email = "suporte@portal.example.com"
    sector.save()
    client.force_login(customer)
    evil = {"HTTP_HOST": "attacker.example.net", "HTTP_X_FORWARDED_HOST": "attacker.example.net"}
    client.post(
        "/chamados/novo/",
        {"sector": sector.pk, "subject": "Assunto", "description": "Texto", "client_token": "x"},
        **evil,
    )
    ticket = customer.tickets.get()
    client.force_login(staff)
    client.post(
        f"/admin/tickets/ticket/{ticket.pk}/change/", admin_form(ticket, reply_body="Resposta"), **evil
    )
    client.logout()
    client.post("/conta/password/reset/", {"email": customer.email}, **evil)

    mails = deliver_outbox()
    assert len(mails) == 4  # confirmation, sector alert, reply notification, reset link
    for mail in mails:
        content = mail.body + "".join(body for body, _type in mail.alternatives)
        assert "attacker" not in content
        assert "https://portal.example.com/" in content
