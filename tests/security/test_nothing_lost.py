"""With the broker (Redis) down a customer still opens a ticket, once, and its e-mails wait
in the outbox until the sweep sends them."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import tasks
from notifications.models import OutboundEmail
from tests.helpers import client_token, default_sector, upload
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_ticket_opens_with_the_broker_down_and_its_mail_goes_out_later(
    customer_client, django_capture_on_commit_callbacks, mailoutbox
):
    sector = default_sector()
    sector.email = "suporte@portal.example.com"
    sector.save()
    data = {
        "sector": sector.pk,
        "subject": "Sem Redis",
        "description": "O broker caiu.",
        "client_token": client_token(),
    }
    broker_down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with (
        mock.patch.object(tasks.outbox_send, "apply_async", side_effect=broker_down) as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = customer_client.post("/chamados/novo/", {**data, "files": [upload()]})
        second = customer_client.post("/chamados/novo/", {**data, "files": [upload()]})  # double click

    ticket = Ticket.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == ticket.get_absolute_url()
    assert delay.called
    assert mailoutbox == []
    pending = OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
    assert sorted(pending.values_list("to_email", flat=True)) == [
        "ana@acme.example.com",
        "suporte@portal.example.com",
    ]

    OutboundEmail.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    tasks.outbox_sweep()
    tasks.outbox_sweep()  # a second sweep sends nothing twice
    assert sorted(m.to[0] for m in mailoutbox) == ["ana@acme.example.com", "suporte@portal.example.com"]
