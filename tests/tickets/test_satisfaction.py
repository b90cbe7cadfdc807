"""Como foi o atendimento? Asked in the portal and by e-mail once the team resolves a ticket;
recorded only by a POST (mail scanners follow links), one per ticket, changeable for 14 days."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboundEmail
from tickets.models import Satisfaction, Ticket
from tickets.services import ticket_mark_resolved, ticket_staff_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolved(ticket, staff):
    ticket.assignee = staff
    ticket.save()
    ticket_staff_update(ticket=ticket, actor=staff, body="Corrigido.", status=Ticket.Status.RESOLVED)
    ticket.refresh_from_db()
    return ticket


def rate_url(ticket):
    return reverse("tickets:rate", args=[ticket.number])


def test_resolving_asks_the_customer_by_email_in_her_language(ticket, staff, customer, deliver_outbox):
    customer.language = "en"
    customer.save()
    ticket_staff_update(ticket=ticket, actor=staff, status=Ticket.Status.RESOLVED)

    survey = [m for m in deliver_outbox() if "How was our support?" in m.subject]
    assert len(survey) == 1
    assert survey[0].to == [customer.email]
    body = survey[0].body
    assert f"http://testserver{rate_url(ticket)}" in body
    html = survey[0].alternatives[0][0]
    for score in range(1, 6):
        assert f"{rate_url(ticket)}?nota={score}" in html


def test_email_in_portuguese_by_default(resolved, deliver_outbox):
    assert any("Como foi o atendimento?" in m.subject for m in deliver_outbox())


def test_not_asked_by_email_when_the_customer_resolves_it_herself(ticket, customer):
    ticket_mark_resolved(ticket=ticket, actor=customer)
    assert not OutboundEmail.objects.filter(subject__contains="atendimento").exists()


def test_not_asked_again_once_rated(resolved, customer, staff):
    Satisfaction.objects.create(ticket=resolved, customer=customer, score=5)
    ticket_staff_update(ticket=resolved, actor=staff, status=Ticket.Status.IN_PROGRESS)
    ticket_staff_update(ticket=resolved, actor=staff, status=Ticket.Status.RESOLVED)
    assert OutboundEmail.objects.filter(subject__contains="atendimento").count() == 1


def test_the_ticket_page_asks_once_resolved(ticket, resolved, customer_client):
    html = customer_client.get(resolved.get_absolute_url()).content.decode()
    assert "Como foi o atendimento?" in html
    assert f'action="{rate_url(resolved)}"' in html


def test_not_asked_before_it_is_resolved(ticket, customer_client):
    html = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert "Como foi o atendimento?" not in html
    response = customer_client.post(rate_url(ticket), {"score": "5"})
    assert response.status_code == 302
    assert not Satisfaction.objects.exists()


def test_get_from_the_email_link_records_nothing(resolved, customer_client):
    response = customer_client.get(rate_url(resolved), {"nota": "2"})

    assert response.status_code == 200
    assert not Satisfaction.objects.exists()
    html = response.content.decode()
    # The score from the link is preselected; the customer confirms with the form's POST.
    assert re.search(r'<input[^>]*value="2"[^>]*checked', html)
    assert f'<form method="post" action="{rate_url(resolved)}"' in html


def test_a_signed_out_scanner_following_the_link_records_nothing(resolved, client):
    response = client.get(rate_url(resolved), {"nota": "1"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not Satisfaction.objects.exists()


def test_post_records_one_rating(resolved, customer_client, customer, staff):
    response = customer_client.post(rate_url(resolved), {"score": "4", "comment": "Rápido e claro."})

    assert response.status_code == 302
    rating = Satisfaction.objects.get()
    assert (rating.ticket, rating.customer, rating.score, rating.comment) == (
        resolved,
        customer,
        4,
        "Rápido e claro.",
    )
    assert (rating.sector, rating.assignee) == (resolved.sector, staff)
    html = customer_client.get(resolved.get_absolute_url()).content.decode()
    assert "Sua avaliação: 4 de 5" in html

    customer_client.post(rate_url(resolved), {"score": "4", "comment": "Rápido e claro."})
    assert Satisfaction.objects.count() == 1


def test_bad_input_is_a_form_error(resolved, customer_client):
    response = customer_client.post(rate_url(resolved), {"score": "9"})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "invalid" in response.content.decode()
    assert not Satisfaction.objects.exists()


def test_changeable_within_14_days_then_refused(resolved, customer_client, customer):
    start = timezone.now()
    customer_client.post(rate_url(resolved), {"score": "2", "comment": "Demorou."})

    with time_machine.travel(start + timedelta(days=13, hours=23)):
        customer_client.post(rate_url(resolved), {"score": "5", "comment": "Resolveram de vez."})
    rating = Satisfaction.objects.get()
    assert (rating.score, rating.comment) == (5, "Resolveram de vez.")

    with time_machine.travel(start + timedelta(days=14, minutes=1)):
        customer_client.force_login(customer)  # the session of two weeks ago has expired
        response = customer_client.post(rate_url(resolved), {"score": "1", "comment": "Mudei de ideia."})
        assert response.status_code == 302
        page = customer_client.get(rate_url(resolved)).content.decode()
    rating.refresh_from_db()
    assert (rating.score, rating.comment) == (5, "Resolveram de vez.")
    assert "não pode mais ser alterada" in page
    assert f'action="{rate_url(resolved)}"' not in page


def test_still_rateable_after_auto_close(resolved, customer_client, staff):
    ticket_staff_update(ticket=resolved, actor=staff, status=Ticket.Status.CLOSED)
    customer_client.post(rate_url(resolved), {"score": "5"})
    assert Satisfaction.objects.get().score == 5


def test_a_colleague_who_sees_the_ticket_cannot_rate_it(resolved, organization, colleague, client):
    organization.share_tickets = True
    organization.save()
    client.force_login(colleague)

    assert client.get(resolved.get_absolute_url()).status_code == 200
    assert "Como foi o atendimento?" not in client.get(resolved.get_absolute_url()).content.decode()
    assert client.post(rate_url(resolved), {"score": "1"}).status_code == 404
    assert not Satisfaction.objects.exists()
