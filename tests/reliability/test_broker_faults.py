"""With the broker refusing connections or hung, every state-changing request still answers
(no 500) within about a second of its usual time, its change and its outbox rows are saved,
and the sweeps send the mail later. Bulk admin actions apply to all selected rows."""

import time
from datetime import timedelta

import pytest
import time_machine
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications import tasks
from notifications.models import Announcement, OutboundEmail
from tests.helpers import client_token, default_sector, upload
from tests.notifications.factories import AnnouncementFactory
from tests.security.test_state_changes import FORMS, STATE_CHANGING, page_args
from tickets import tasks as ticket_tasks
from tickets.models import Message, Satisfaction, Ticket
from tickets.services import ticket_open, ticket_staff_update

pytestmark = pytest.mark.django_db
PENDING = OutboundEmail.Status.PENDING


def open_ticket(client, subject="Sem broker"):
    return client.post(
        "/chamados/novo/",
        {
            "sector": default_sector().pk,
            "subject": subject,
            "description": "O broker caiu.",
            "client_token": client_token(),
            "files": [upload()],
        },
    )


def test_customer_requests_with_the_broker_refusing(
    refused_broker, customer_client, django_capture_on_commit_callbacks, mailoutbox, caplog
):
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level("WARNING", logger="portal.queue"):
        opened = open_ticket(customer_client)
        ticket = Ticket.objects.get()
        replied = customer_client.post(
            reverse("tickets:reply", args=[ticket.number]),
            {"body": "Mais detalhes", "client_token": client_token()},
        )
        reset = customer_client.post(reverse("account_reset_password"), {"email": "ana@acme.example.com"})

    assert (opened.status_code, replied.status_code, reset.status_code) == (302, 302, 302)
    assert Message.objects.filter(ticket=ticket).count() == 2
    assert OutboundEmail.objects.filter(status=PENDING).exists()
    assert "the periodic sweep will" in caplog.text
    assert mailoutbox == []


def test_every_customer_state_change_answers_with_the_broker_refusing(
    refused_broker, customer_client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for name, (args, data) in STATE_CHANGING.items():
            response = customer_client.post(
                reverse(name, args=args(world)), {**data, "client_token": client_token()}
            )
            assert response.status_code < 500, name
        for name, data in FORMS.items():
            url = reverse(name, args=page_args(name, world))
            response = customer_client.post(url, {**data, "client_token": client_token()})
            assert response.status_code < 500, name


def test_every_admin_action_answers_and_applies_to_all_rows_with_the_broker_refusing(
    refused_broker, staff_client, customer, world, django_capture_on_commit_callbacks
):
    sector = default_sector()
    tickets = [
        ticket_open(customer=customer, sector=sector, subject=f"Chamado {n}", description="x")
        for n in range(3)
    ]
    AnnouncementFactory.create_batch(2)
    OutboundEmail.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        for model, model_admin in admin.site._registry.items():
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            selected = list(model.objects.values_list("pk", flat=True)[:5])
            if not selected:
                continue
            actions = model_admin.get_actions(staff_client.get(url).wsgi_request)
            for action in actions:
                if action == "delete_selected":
                    continue
                response = staff_client.post(
                    url, {"action": action, "_selected_action": selected, "post": "yes"}
                )
                assert response.status_code < 500, f"{model.__name__}.{action}: {response.status_code}"

    # "Mark as resolved" then "Close tickets" ran on the three: all of them changed.
    assert {t.status for t in Ticket.objects.filter(pk__in=[t.pk for t in tickets])} == {Ticket.Status.CLOSED}
    assert OutboundEmail.objects.filter(status=PENDING).count() >= 3  # the customers' mails wait
    assert not Announcement.objects.filter(queued_at__isnull=True).exists()


def test_admin_public_reply_with_the_broker_refusing(
    refused_broker, staff_client, customer, django_capture_on_commit_callbacks
):
    ticket = ticket_open(customer=customer, sector=default_sector(), subject="Ajuda", description="x")
    OutboundEmail.objects.all().delete()
    form = (
        staff_client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk])).context["adminform"].form
    )
    data = {
        "reply_body": "Resolvido por aqui.",
        "reply_visibility": "public",
        "status": "in_progress",
        "initial-status": ticket.status,
        "assignee": "",
        "initial-assignee": "",
        "sector": ticket.sector_id,
        "initial-sector": ticket.sector_id,
        "seen_message": form.initial.get("seen_message") or "",
        "_continue": "1",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("admin:tickets_ticket_change", args=[ticket.pk]), data)

    assert response.status_code == 302
    assert ticket.messages.filter(body="Resolvido por aqui.").exists()
    assert OutboundEmail.objects.filter(status=PENDING, to_email=customer.email).exists()


def test_closing_the_loop_with_the_broker_refusing(
    refused_broker, staff, customer, customer_client, django_capture_on_commit_callbacks
):
    """Resolve in the admin (the satisfaction e-mail), rate, open on a customer's behalf and
    the auto-close beat: all answer, all saved, their e-mails wait in the outbox."""
    staff_client = Client()  # customer_client and staff_client would share one
    staff_client.force_login(staff)
    sector = default_sector()
    ticket = ticket_open(customer=customer, sector=sector, subject="Ajuda", description="x")
    OutboundEmail.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        resolved = staff_client.post(
            reverse("admin:tickets_ticket_changelist"),
            {"action": "mark_resolved", "_selected_action": [ticket.pk]},
        )
        rated = customer_client.post(reverse("tickets:rate", args=[ticket.number]), {"score": "5"})
        opened = staff_client.post(
            reverse("admin:tickets_ticket_add"),
            {
                "customer": customer.pk,
                "channel": "phone",
                "sector": sector.pk,
                "subject": "Ligou",
                "description": "x",
            },
        )
    assert (resolved.status_code, rated.status_code, opened.status_code) == (302, 302, 302)
    assert Satisfaction.objects.get().score == 5
    assert Ticket.objects.filter(channel="phone").exists()
    waiting = OutboundEmail.objects.filter(status=PENDING, to_email=customer.email)
    assert waiting.filter(subject__startswith="Como foi o atendimento?").count() == 1
    assert waiting.filter(subject__contains="Ligou").count() == 1  # the on-behalf confirmation

    other = ticket_open(customer=customer, sector=sector, subject="Outro", description="x")
    ticket_staff_update(ticket=other, actor=staff, status=Ticket.Status.RESOLVED)
    with (
        time_machine.travel(timezone.now() + timedelta(days=8)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert ticket_tasks.ticket_autoclose_task() == 2
    assert set(Ticket.objects.filter(status=Ticket.Status.CLOSED).values_list("pk", flat=True)) == {
        ticket.pk,
        other.pk,
    }


def test_a_hung_broker_holds_a_request_about_a_second_at_most(
    hung_broker, customer_client, django_capture_on_commit_callbacks
):
    # Opening a ticket queues two e-mails (customer and sector); before, each took ~5 s.
    sector = default_sector()
    sector.email = "suporte@portal.example.com"
    sector.save()
    with django_capture_on_commit_callbacks(execute=True):
        started = time.perf_counter()
        response = open_ticket(customer_client)
        elapsed = time.perf_counter() - started

    assert response.status_code == 302
    assert OutboundEmail.objects.filter(status=PENDING).count() == 2
    assert elapsed < 2.0, f"opening a ticket took {elapsed:.1f} s with a hung broker"


def test_the_sweep_sends_what_the_refused_broker_missed(
    refused_broker, broker, customer_client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket(customer_client)
    assert OutboundEmail.objects.filter(status=PENDING).exists()

    broker("memory://")  # the broker is back (eager again below: the worker's part)
    from portal.celery import app

    app.conf.task_always_eager = True
    OutboundEmail.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    tasks.outbox_sweep()
    assert mailoutbox and not OutboundEmail.objects.filter(status=PENDING).exists()


@pytest.mark.slow
def test_a_task_queued_by_name_is_found_in_a_fresh_web_process():
    """notifications.services queues the announcement task by name (its module imports the
    services): a web process that never imported the task module still finds it."""
    import subprocess
    import sys

    code = (
        "import django; django.setup(); from portal.queue import _task; "
        "print(_task('notifications.tasks.announcement_send').name)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "portal.settings"},
    )
    assert result.stdout.strip() == "notifications.tasks.announcement_send"
