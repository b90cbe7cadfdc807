"""Auto-close: a Resolvido ticket the customer does not answer for TICKET_AUTOCLOSE_DAYS becomes
Fechado by the beat task, recorded in the audit trail and told to the customer."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings

from notifications.models import Notification, OutboundEmail
from tickets import tasks
from tickets.models import Ticket, TicketChange
from tickets.services import ticket_reply, ticket_staff_update

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def resolved(ticket, staff):
    """Ana's ticket, resolved by the team on Monday at 10:00."""
    with time_machine.travel(MONDAY, tick=False):
        ticket_staff_update(ticket=ticket, actor=staff, body="Corrigido.", status=Ticket.Status.RESOLVED)
    ticket.refresh_from_db()
    return ticket


def run_beat_at(moment):
    with time_machine.travel(moment, tick=False):
        return tasks.ticket_autoclose_task.delay().get()


def test_beat_schedule_runs_the_task():
    entries = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "tickets.tasks.ticket_autoclose_task" in entries
    assert settings.TICKET_AUTOCLOSE_DAYS == 7


def test_closed_exactly_when_the_days_have_passed(resolved, customer):
    assert run_beat_at(MONDAY + timedelta(days=7) - timedelta(minutes=1)) == 0
    resolved.refresh_from_db()
    assert resolved.status == Ticket.Status.RESOLVED

    assert run_beat_at(MONDAY + timedelta(days=7)) == 1

    resolved.refresh_from_db()
    assert resolved.status == Ticket.Status.CLOSED
    change = resolved.changes.filter(field=TicketChange.Field.STATUS).last()
    assert (change.old_value, change.new_value, change.actor) == ("resolved", "closed", None)
    assert change.created_at == MONDAY + timedelta(days=7)
    assert "O sistema" in change.summary or "The system" in change.summary
    notification = Notification.objects.get(recipient=customer, kind=Notification.Kind.TICKET_CLOSED)
    assert notification.link == resolved.get_absolute_url()
    assert f"#{resolved.number}" in notification.title
    assert OutboundEmail.objects.filter(to_user=customer, notification=notification).exists()


def test_running_twice_closes_once(resolved, customer):
    later = MONDAY + timedelta(days=8)
    assert run_beat_at(later) == 1
    assert run_beat_at(later) == 0
    assert Notification.objects.filter(recipient=customer, kind=Notification.Kind.TICKET_CLOSED).count() == 1
    assert resolved.changes.filter(new_value="closed").count() == 1


def test_a_customer_answer_keeps_it_open(resolved, customer):
    with time_machine.travel(MONDAY + timedelta(days=6), tick=False):
        ticket_reply(ticket=resolved, author=customer, body="Voltou a acontecer.")
    assert run_beat_at(MONDAY + timedelta(days=30)) == 0
    resolved.refresh_from_db()
    assert resolved.status == Ticket.Status.IN_PROGRESS


def test_the_clock_restarts_when_resolved_again(resolved, customer, staff):
    with time_machine.travel(MONDAY + timedelta(days=3), tick=False):
        ticket_reply(ticket=resolved, author=customer, body="Ainda não.")
    with time_machine.travel(MONDAY + timedelta(days=5), tick=False):
        ticket_staff_update(ticket=resolved, actor=staff, status=Ticket.Status.RESOLVED)

    assert run_beat_at(MONDAY + timedelta(days=11)) == 0
    assert run_beat_at(MONDAY + timedelta(days=12)) == 1


def test_the_setting_decides_the_days(resolved, settings):
    settings.TICKET_AUTOCLOSE_DAYS = 2
    assert run_beat_at(MONDAY + timedelta(days=1, hours=23)) == 0
    assert run_beat_at(MONDAY + timedelta(days=2)) == 1


def test_other_statuses_are_never_auto_closed(ticket, staff):
    with time_machine.travel(MONDAY, tick=False):
        ticket_staff_update(ticket=ticket, actor=staff, status=Ticket.Status.WAITING_CUSTOMER)
    assert run_beat_at(MONDAY + timedelta(days=365)) == 0


def test_the_customer_sees_the_change_in_the_conversation(resolved, customer_client):
    run_beat_at(MONDAY + timedelta(days=7))
    html = customer_client.get(resolved.get_absolute_url()).content.decode()
    assert "Fechado" in html
    assert 'data-testid="closed-notice"' in html
