"""The outbox: every e-mail is a row first; Celery sends it once, retries SMTP failures with
backoff, gives up after OUTBOX_MAX_ATTEMPTS, and the sweep re-queues what a broker outage left."""

import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from pytest_django.asserts import assertRedirects

from notifications import outbox, tasks
from notifications.models import OutboundEmail
from notifications.outbox import email_record, outbox_deliver

pytestmark = pytest.mark.django_db

Status = OutboundEmail.Status


def queue(to="ana@acme.example.com", subject="Chamado #1042", **kwargs) -> OutboundEmail:
    with transaction.atomic():
        return email_record(to_email=to, subject=subject, body_text="Olá", body_html="<p>Olá</p>", **kwargs)


def due_now(email: OutboundEmail) -> None:
    """Let the backoff pass, as the clock would."""
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def smtp_down():
    return mock.patch.object(
        EmailBackend, "send_messages", side_effect=smtplib.SMTPException("451 try again later")
    )


def test_mail_queued_in_a_transaction_is_a_pending_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        email = queue()

    row = OutboundEmail.objects.get(pk=email.pk)
    assert row.status == Status.PENDING
    assert row.attempts == 0
    assert (row.to_email, row.subject) == ("ana@acme.example.com", "Chamado #1042")
    # Handing it to Celery waits for the commit.
    assert len(callbacks) == 1


def test_nothing_is_queued_when_the_transaction_rolls_back(django_capture_on_commit_callbacks, mailoutbox):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_record(to_email="ana@acme.example.com", subject="x", body_text="y")
        raise RuntimeError("the event failed")

    assert not OutboundEmail.objects.exists()
    assert callbacks == []
    assert mailoutbox == []


def test_commit_hands_the_row_to_celery_which_sends_it(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@acme.example.com"]
    assert message.subject == "Chamado #1042"
    assert message.alternatives[0] == ("<p>Olá</p>", "text/html")
    assert message.extra_headers["X-Portal-Outbox-Id"] == str(email.pk)
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


def test_delivering_twice_sends_one_mail(mailoutbox):
    email = queue()

    assert outbox_deliver(email_id=email.pk) == "sent"
    assert outbox_deliver(email_id=email.pk) == "gone"
    tasks.outbox_send.delay(email.pk)  # a duplicate task, as after a sweep

    assert len(mailoutbox) == 1


def test_smtp_failure_is_recorded_and_the_row_stays_pending(mailoutbox):
    email = queue()

    before = timezone.now()
    with smtp_down():
        assert outbox_deliver(email_id=email.pk) == "retry"

    email.refresh_from_db()
    assert email.status == Status.PENDING
    assert email.attempts == 1
    assert "SMTPException" in email.last_error
    assert "451 try again later" in email.last_error
    assert email.next_attempt_at > before
    assert mailoutbox == []

    # Before the backoff has passed nothing is tried (the sweep and the task's retry may
    # both ask); once it has, the next delivery succeeds.
    assert outbox_deliver(email_id=email.pk) == "gone"
    email.refresh_from_db()
    assert email.attempts == 1
    due_now(email)
    assert outbox_deliver(email_id=email.pk) == "sent"
    email.refresh_from_db()
    assert email.status == Status.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(mailoutbox) == 1


def test_backoff_grows_between_attempts():
    email = queue()

    waits = []
    with smtp_down():
        for _ in range(3):
            due_now(email)
            start = timezone.now()
            outbox_deliver(email_id=email.pk)
            email.refresh_from_db()
            waits.append(email.next_attempt_at - start)

    assert waits[0] < waits[1] < waits[2]


def test_after_max_attempts_the_row_is_failed(settings, mailoutbox):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    email = queue()

    with smtp_down():
        results = []
        for _ in range(3):
            due_now(email)
            results.append(outbox_deliver(email_id=email.pk))

    assert results == ["retry", "retry", "failed"]
    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert email.attempts == 3
    assert "SMTPException" in email.last_error
    # A failed row is left alone from now on.
    assert outbox_deliver(email_id=email.pk) == "gone"
    assert mailoutbox == []


def test_a_network_error_is_retried_too():
    email = queue()

    with mock.patch.object(EmailBackend, "send_messages", side_effect=ConnectionRefusedError("no route")):
        assert outbox_deliver(email_id=email.pk) == "retry"

    email.refresh_from_db()
    assert email.status == Status.PENDING
    assert "ConnectionRefusedError" in email.last_error


def test_any_other_sending_error_is_recorded_and_ends_failed(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    email = queue()

    with mock.patch.object(EmailBackend, "send_messages", side_effect=ValueError("bad header")):
        assert outbox_deliver(email_id=email.pk) == "retry"
        due_now(email)
        assert outbox_deliver(email_id=email.pk) == "failed"

    email.refresh_from_db()
    assert email.status == Status.FAILED
    assert "ValueError: bad header" in email.last_error


def test_opted_out_recipient_is_skipped_only_when_the_mail_respects_opt_in(customer, mailoutbox):
    customer.email_notifications = False
    customer.save()
    notification = queue(to=customer.email, to_user=customer, respect_opt_in=True)
    account_mail = queue(to=customer.email, to_user=customer, subject="Cadastre sua senha")

    assert outbox_deliver(email_id=notification.pk) == "skipped"
    assert outbox_deliver(email_id=account_mail.pk) == "sent"
    assert [m.subject for m in mailoutbox] == ["Cadastre sua senha"]


def test_sweep_requeues_only_due_rows():
    now = timezone.now()
    long_ago = now - timedelta(minutes=10)

    def row(status=Status.PENDING, created_at=long_ago, next_attempt_at=None):
        email = OutboundEmail.objects.create(
            to_email="x@example.com", subject="s", body_text="b", status=status
        )
        OutboundEmail.objects.filter(pk=email.pk).update(
            created_at=created_at, next_attempt_at=next_attempt_at
        )
        return email.pk

    lost_at_commit = row()  # never enqueued: the broker was down
    retry_due = row(next_attempt_at=now - timedelta(seconds=5))
    just_created = row(created_at=now)  # its own task is on the way
    retry_later = row(next_attempt_at=now + timedelta(minutes=5))
    sent = row(status=Status.SENT)
    failed = row(status=Status.FAILED, next_attempt_at=now - timedelta(minutes=1))

    with mock.patch.object(tasks.outbox_send, "apply_async") as delay:
        count = tasks.outbox_sweep()

    queued = {call.kwargs["args"][0] for call in delay.call_args_list}
    assert queued == {lost_at_commit, retry_due}
    assert count == 2
    assert not queued & {just_created, retry_later, sent, failed}


def test_sweep_sends_what_was_left_pending(mailoutbox):
    email = OutboundEmail.objects.create(
        to_email="bruno@acme.example.com", subject="Aviso", body_text="Texto"
    )
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    tasks.outbox_sweep.delay()

    assert [m.to for m in mailoutbox] == [["bruno@acme.example.com"]]
    email.refresh_from_db()
    assert email.status == Status.SENT


def test_customer_request_succeeds_with_the_broker_down_and_the_mail_waits(
    client, customer, django_capture_on_commit_callbacks, mailoutbox
):
    broker_down = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with (
        mock.patch.object(tasks.outbox_send, "apply_async", side_effect=broker_down) as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        response = client.post(reverse("account_reset_password"), {"email": "ana@acme.example.com"})

    assertRedirects(response, reverse("account_reset_password_done"), fetch_redirect_response=False)
    # The reset request's task (run in-process here, as a worker would), then its e-mail.
    assert len(callbacks) == 2
    assert delay.called  # it tried, failed, and the request did not care
    email = OutboundEmail.objects.get()
    assert email.status == Status.PENDING
    assert email.to_email == "ana@acme.example.com"
    assert mailoutbox == []

    # Once the broker is back, the sweep finds the row and the mail goes out.
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    tasks.outbox_sweep()
    assert [m.to for m in mailoutbox] == [["ana@acme.example.com"]]


def test_staff_see_the_outbox_in_the_admin(staff_client):
    email = queue(subject="Chamado #7")
    with smtp_down():
        outbox_deliver(email_id=email.pk)

    changelist = staff_client.get(reverse("admin:notifications_outboundemail_changelist"))
    detail = staff_client.get(reverse("admin:notifications_outboundemail_change", args=[email.pk]))

    assert changelist.status_code == 200
    assert "Chamado #7" in changelist.content.decode()
    assert "451 try again later" in detail.content.decode()


def test_every_attempt_carries_the_same_message_id(mailoutbox, settings):
    """A row sent again (the worker died after the SMTP send) is the same message for mail
    programs: same Message-ID, unique per row."""
    settings.DEFAULT_FROM_EMAIL = "Portal do Cliente <suporte@portal.example.com>"
    first = OutboundEmail.objects.create(to_email="ana@acme.example.com", subject="A", body_text="x")
    second = OutboundEmail.objects.create(to_email="ana@acme.example.com", subject="B", body_text="y")

    first.as_message().send()
    first.refresh_from_db()
    first.as_message().send()  # a second attempt of the same row
    second.as_message().send()

    ids = [m.extra_headers["Message-ID"] for m in mailoutbox]
    assert ids[0] == ids[1] != ids[2]
    assert ids[0].startswith(f"<outbox-{first.pk}.") and ids[0].endswith("@portal.example.com>")
    assert mailoutbox[0].message()["Message-ID"] == ids[0]


def test_a_row_claimed_by_a_live_worker_is_not_sent_again(mailoutbox):
    email = OutboundEmail.objects.create(to_email="ana@acme.example.com", subject="A", body_text="x")
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, lease_until=timezone.now() + timedelta(minutes=1)
    )

    assert outbox_deliver(email_id=email.pk) == "gone"
    assert email.pk not in outbox.outbox_due_ids(grace=timedelta(0))
    assert mailoutbox == []


def test_a_row_whose_worker_died_is_claimed_again_when_its_lease_ends(mailoutbox):
    email = OutboundEmail.objects.create(to_email="ana@acme.example.com", subject="A", body_text="x")
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, lease_until=timezone.now() - timedelta(seconds=1)
    )

    assert email.pk in outbox.outbox_due_ids()
    assert outbox_deliver(email_id=email.pk) == "sent"
    email.refresh_from_db()
    assert (email.status, email.lease_until, email.attempts) == (Status.SENT, None, 1)
    assert len(mailoutbox) == 1


def test_no_transaction_stays_open_while_smtp_talks(monkeypatch):
    from django.core.mail.message import EmailMessage
    from django.db import connection

    seen = []
    monkeypatch.setattr(
        EmailMessage, "send", lambda self, fail_silently=False: seen.append(len(connection.atomic_blocks))
    )
    email = OutboundEmail.objects.create(to_email="ana@acme.example.com", subject="A", body_text="x")
    outside = len(connection.atomic_blocks)  # the test's own transaction
    outbox_deliver(email_id=email.pk)
    assert seen == [outside]  # sending opened no transaction of its own
