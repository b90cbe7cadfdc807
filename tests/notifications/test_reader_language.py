"""A notification reads in the language of whoever reads it, not the one it was created in:
the bell, the notifications list, the activity page and the dashboard's "Atividade recente"
show the text of what happened in the reader's language. The team's notices stay as typed,
and notifications stored as text (before events) still show."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification, OutboundEmail
from notifications.services import announcement_send, notify
from tests.tickets.factories import TicketFactory
from tickets.services import ticket_staff_update

from .factories import AnnouncementFactory, NotificationFactory

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("dashboard"),  # bell and Atividade recente
    reverse("notifications:list"),
    reverse("notifications:activity"),
]


def switch_language(client, language):
    """As a customer does it: the language switcher (saves the choice and sets the cookie)."""
    response = client.post(reverse("accounts:set_language"), {"language": language, "next": "/painel/"})
    assert response.status_code == 302


def page_texts(client):
    return {url: client.get(url).content.decode() for url in PAGES}


@pytest.fixture
def replied(customer, staff):
    """A ticket of the customer answered by the team while everything was in pt-BR."""
    ticket = TicketFactory(customer=customer, subject="Erro ao emitir nota")
    with translation.override("pt-br"):
        ticket_staff_update(ticket=ticket, actor=staff, body="Corrigimos.", status="resolved")
    return ticket


def test_created_in_portuguese_reads_in_english_after_switching(customer_client, customer, replied):
    switch_language(customer_client, "en")
    customer.refresh_from_db()
    assert customer.language == "en"

    for url, html in page_texts(customer_client).items():
        assert f"New reply on ticket #{replied.number}: Erro ao emitir nota" in html, url
        assert "Nova resposta no chamado" not in html, url
    activity = customer_client.get(reverse("notifications:activity")).content.decode()
    assert "Status: Resolved" in activity
    assert "Corrigimos." in activity  # the team's words, as written


def test_created_in_english_reads_in_portuguese_after_switching(customer_client, customer, staff):
    customer.language = "en"
    customer.save()
    ticket = TicketFactory(customer=customer, subject="Invoice error")
    with translation.override("en"):
        ticket_staff_update(ticket=ticket, actor=staff, body="Fixed.")
    # The e-mail went in English, the customer's language at the time.
    assert OutboundEmail.objects.get(to_user=customer).subject.startswith("New reply on ticket")

    switch_language(customer_client, "pt-br")

    for url, html in page_texts(customer_client).items():
        assert f"Nova resposta no chamado #{ticket.number}: Invoice error" in html, url
        assert "New reply on ticket" not in html, url


def test_each_reader_of_one_notification_reads_their_language(client, customer, colleague, staff):
    colleague.language = "en"
    colleague.save()
    notify(
        [customer, colleague],
        kind=Notification.Kind.TICKET_CLOSED,
        event="ticket_closed",
        params={"number": "#1006", "subject": "Nota", "days": 7},
        link="/chamados/1006/",
    )
    # Same batch, one e-mail per language, each in its recipient's language.
    subjects = dict(OutboundEmail.objects.values_list("to_email", "subject"))
    assert subjects == {
        customer.email: "Chamado #1006 fechado: Nota",
        colleague.email: "Ticket #1006 closed: Nota",
    }
    client.force_login(customer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt-br"
    assert "Chamado #1006 fechado: Nota" in client.get(reverse("notifications:list")).content.decode()
    client.force_login(colleague)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Ticket #1006 closed: Nota" in html
    assert "with no answer from you, so we closed it" in html


def test_the_detail_page_and_its_title_follow_the_reader(customer_client, customer, replied):
    notification = Notification.objects.get(recipient=customer)
    switch_language(customer_client, "en")
    html = customer_client.get(notification.get_absolute_url()).content.decode()
    assert f"<title>New reply on ticket #{replied.number}" in html


def test_team_notices_stay_as_typed(customer_client, customer):
    announcement = AnnouncementFactory(title="Manutenção no sábado", body="Das 8h às 12h.")
    announcement_send(announcement_id=announcement.pk)
    switch_language(customer_client, "en")

    for url, html in page_texts(customer_client).items():
        assert "Manutenção no sábado" in html, url


def test_notifications_stored_as_text_still_show(customer_client, customer):
    NotificationFactory(recipient=customer, title="Nova resposta no chamado #1006", body="Texto antigo.")
    for language in ("en", "pt-br"):
        switch_language(customer_client, language)
        for url, html in page_texts(customer_client).items():
            assert "Nova resposta no chamado #1006" in html, (language, url)


def test_an_unknown_event_falls_back_to_the_stored_text(customer_client, customer):
    NotificationFactory(recipient=customer, event="gone", params={}, title="Texto guardado")
    html = customer_client.get(reverse("notifications:list")).content.decode()
    assert "Texto guardado" in html


def test_notify_refuses_an_event_it_cannot_write():
    with pytest.raises(ValueError, match="unknown event"):
        notify([], kind=Notification.Kind.TICKET, event="ticket_reply", params={"number": "#1"})


def test_a_long_title_is_cut_in_each_language(customer_client, customer):
    notify(
        [customer],
        kind=Notification.Kind.TICKET_CLOSED,
        event="ticket_closed",
        params={"number": "#1006", "subject": "assunto " * 40, "days": 7},
        email=False,
    )
    notification = Notification.objects.get()
    for language in ("pt-br", "en"):
        with translation.override(language):
            title = notification.display_title
        assert len(title) <= 200 and title.endswith("…") and not title.startswith(" ")
