"""Service targets: a sector's "answer within N business hours", overdue tickets highlighted in
the admin list, and each ticket's first-answer and resolution times on its admin page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tickets.models import Ticket
from tickets.services import ticket_open, ticket_reply, ticket_staff_update
from tickets.sla import business_deadline

from .test_staff_admin import CHANGELIST, change_url

pytestmark = pytest.mark.django_db

SP = ZoneInfo("America/Sao_Paulo")


def at(day, hour, minute=0):
    return datetime(2026, 3, day, hour, minute, tzinfo=SP)  # 2 March 2026 is a Monday


@pytest.mark.parametrize(
    ("start", "hours", "due"),
    [
        (at(2, 9), 4, at(2, 13)),  # Monday morning: same day
        (at(2, 16), 4, at(3, 10)),  # two hours today, two tomorrow
        (at(6, 17), 4, at(9, 11)),  # Friday 17:00: one hour, then Monday
        (at(7, 10), 4, at(9, 12)),  # Saturday: counts from Monday 08:00
        (at(2, 6), 1, at(2, 9)),  # before opening: from 08:00
        (at(2, 20), 10, at(3, 18)),  # after closing: the whole next day
    ],
)
def test_business_deadline(start, hours, due):
    assert business_deadline(start, hours) == due


@pytest.fixture
def target(support):
    support.answer_within_hours = 4
    support.save()
    return support


def test_overdue_tickets_are_highlighted_in_the_list(target, customer, staff_client):
    with time_machine.travel(at(2, 9), tick=False):
        late = ticket_open(customer=customer, sector=target, subject="Atrasado", description="x")
    with time_machine.travel(at(2, 12), tick=False):
        on_time = ticket_open(customer=customer, sector=target, subject="No prazo", description="x")

    with time_machine.travel(at(2, 14), tick=False):
        html = staff_client.get(CHANGELIST, {"waiting": "yes"}).content.decode()

    rows = {ticket.subject: html[html.index(f"#{ticket.number}") :][:1500] for ticket in (late, on_time)}
    assert 'data-testid="overdue"' in rows["Atrasado"].split("</tr>")[0]
    assert "atrasado desde" in rows["Atrasado"].split("</tr>")[0]
    assert 'data-testid="overdue"' not in rows["No prazo"].split("</tr>")[0]


def test_no_target_no_highlight(support, customer, staff_client):
    with time_machine.travel(at(2, 9), tick=False):
        ticket_open(customer=customer, sector=support, subject="Sem meta", description="x")
    with time_machine.travel(at(20, 9), tick=False):
        assert 'data-testid="overdue"' not in staff_client.get(CHANGELIST).content.decode()


def test_answered_tickets_are_not_overdue(target, customer, staff, staff_client):
    with time_machine.travel(at(2, 9), tick=False):
        ticket = ticket_open(customer=customer, sector=target, subject="Respondido", description="x")
    with time_machine.travel(at(2, 10), tick=False):
        ticket_staff_update(ticket=ticket, actor=staff, body="Olá!")
    with time_machine.travel(at(5, 9), tick=False):
        assert 'data-testid="overdue"' not in staff_client.get(CHANGELIST).content.decode()
        # The customer writes again: the clock starts from her new message.
        ticket_reply(ticket=ticket, author=customer, body="Ainda com problema.")
    with time_machine.travel(at(5, 14), tick=False):
        assert 'data-testid="overdue"' in staff_client.get(CHANGELIST).content.decode()


def test_first_answer_and_resolution_times_on_the_ticket(target, customer, staff, staff_client):
    with time_machine.travel(at(2, 9), tick=False):
        ticket = ticket_open(customer=customer, sector=target, subject="Tempos", description="x")
    with time_machine.travel(at(2, 11, 30), tick=False):
        ticket_staff_update(ticket=ticket, actor=staff, body="Verificando.", internal=True)
    with time_machine.travel(at(2, 12), tick=False):
        ticket_staff_update(ticket=ticket, actor=staff, body="Olá!")
    with time_machine.travel(at(3, 12), tick=False):
        ticket_staff_update(ticket=ticket, actor=staff, status=Ticket.Status.RESOLVED)

    html = " ".join(staff_client.get(change_url(ticket)).content.decode().split())
    # The internal note at 11:30 is not an answer.
    assert 'Primeira resposta:</label> <div class="readonly">3 horas (02/03/2026 12:00)</div>' in html
    assert 'Resolvido em:</label> <div class="readonly">1 dia, 3 horas (03/03/2026 12:00)</div>' in html


def test_a_ticket_waiting_for_seconds_says_less_than_a_minute_in_the_list(support, customer, staff_client):
    with time_machine.travel(at(2, 9), tick=False):
        ticket_open(customer=customer, sector=support, subject="Agora mesmo", description="x")
    with time_machine.travel(at(2, 9) + timedelta(seconds=20), tick=False):
        html = staff_client.get(CHANGELIST).content.decode()

    assert "(menos de 1 minuto)" in html
    assert "0 minuto" not in html
