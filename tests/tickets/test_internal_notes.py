"""Staff internal notes never reach a customer: page, list, search, e-mail, notification, file URL."""

import pytest

from notifications.models import Notification, OutboundEmail
from tests.helpers import upload
from tickets.models import Ticket
from tickets.services import ticket_staff_update

pytestmark = pytest.mark.django_db

SECRET = "Cliente difícil, cobrar taxa extra"


@pytest.fixture
def noted(ticket, staff):
    """Ana's ticket with an internal note that carries a file."""
    message = ticket_staff_update(
        ticket=ticket, actor=staff, body=SECRET, internal=True, files=[upload("planilha-interna.csv", b"a;b")]
    )
    return ticket, message


def test_note_is_not_on_the_ticket_page(customer_client, noted):
    ticket, message = noted
    html = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert SECRET not in html
    assert "planilha-interna.csv" not in html
    assert f"message-{message.pk}" not in html
    assert "Nota interna" not in html


def test_note_is_not_shown_to_colleagues_either(client, colleague, organization, noted):
    organization.share_tickets = True
    organization.save()
    ticket, _ = noted
    client.force_login(colleague)
    assert SECRET not in client.get(ticket.get_absolute_url()).content.decode()


def test_note_attachment_url_is_404_for_the_customer(customer_client, noted):
    ticket, message = noted
    attachment = message.attachments.get()
    assert customer_client.get(f"/chamados/{ticket.number}/anexos/{attachment.pk}/").status_code == 404
    assert (
        customer_client.get(f"/chamados/{ticket.number}/anexos/{attachment.pk}/miniatura/").status_code == 404
    )


def test_note_creates_no_notification_and_no_customer_e_mail(customer, noted, deliver_outbox):
    assert not Notification.objects.filter(recipient=customer).exists()
    assert not OutboundEmail.objects.filter(to_email=customer.email).exists()
    assert all(SECRET not in (m.body + m.subject) for m in deliver_outbox())


def test_note_with_status_change_notifies_without_the_note(customer, noted, staff, deliver_outbox):
    ticket, _ = noted
    ticket_staff_update(
        ticket=ticket,
        actor=staff,
        body="Outra nota secreta",
        internal=True,
        status=Ticket.Status.WAITING_CUSTOMER,
    )
    notification = Notification.objects.get(recipient=customer)
    assert "Aguardando cliente" in notification.body
    assert "secreta" not in notification.title + notification.body
    for mail in deliver_outbox():
        assert "secreta" not in mail.body and SECRET not in mail.body
        for content, _type in getattr(mail, "alternatives", []):
            assert "secreta" not in content


def test_note_does_not_move_the_ticket_or_mark_it_unread(customer_client, noted):
    ticket, _ = noted
    row = customer_client.get("/chamados/").context["page_obj"][0]
    assert row.has_unread is False
    assert Ticket.objects.get(pk=ticket.pk).staff_updated_at is None


def test_note_is_not_in_the_team_alert_sent_on_customer_reply(customer_client, noted, deliver_outbox):
    ticket, _ = noted
    customer_client.post(
        f"/chamados/{ticket.number}/responder/",
        {"body": "Alguma novidade?", "client_token": "0b7f8a4c-1111-4222-8333-944455556666"},
    )
    alert = [m for m in deliver_outbox() if "respondeu" in m.subject][0]
    assert "Alguma novidade?" in alert.body


def test_note_is_visible_to_staff_in_the_admin(staff_client, noted):
    ticket, message = noted
    html = staff_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/").content.decode()
    assert SECRET in html
    assert "Nota interna" in html
    attachment = message.attachments.get()
    response = staff_client.get(f"/admin/tickets/ticket/{ticket.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a;b"
