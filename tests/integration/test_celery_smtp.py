"""The real pipeline: outbox row -> on_commit -> Redis -> a Celery worker process -> an SMTP server.

Needs Redis (REDIS_URL) and a server database the worker process can share (PostgreSQL).
Outside CI it skips when they are missing; with CI=true missing services fail the run.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import OutboundEmail
from notifications.outbox import email_record
from notifications.tasks import outbox_sweep
from portal.celery import app as celery_app
from tests.factories import UserFactory
from tests.helpers import IN_CI

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _require_real_services():
    missing = []
    if not REDIS_URL:
        missing.append("REDIS_URL")
    if connection.vendor != "postgresql":
        missing.append("a PostgreSQL DATABASE_URL")
    if missing:
        message = "needs " + " and ".join(missing) + " (bash .ci/run provides them)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


class Inbox:
    def __init__(self):
        self.messages = []
        self.delay = 0.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append(envelope)
        return "250 OK"


def wait_for(condition, timeout=30.0, interval=0.1):
    """Poll a condition (a real worker is another process); fail loudly on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def smtp_inbox():
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def start_worker(smtp_port: int, queue: str) -> subprocess.Popen:
    """A real Celery worker process on `queue`, sending to the SMTP server on `smtp_port`."""
    db = connection.settings_dict
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    database_url = f"postgres://{db['USER']}:{db['PASSWORD']}@{host}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "-l",
            "info",
            "--pool",
            "solo",
            "-Q",
            queue,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop_worker(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    print(output)  # shown by pytest when the test fails


@pytest.fixture
def worker_queue():
    """A queue of the test's own; this process publishes to it for real (not eagerly)."""
    _require_real_services()
    queue = f"test-{uuid.uuid4().hex[:10]}"
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = saved


@pytest.fixture
def worker(smtp_inbox, worker_queue):
    _, smtp_port = smtp_inbox
    process = start_worker(smtp_port, worker_queue)
    try:
        yield process
    finally:
        stop_worker(process)


def test_queued_email_reaches_a_real_smtp_server_through_a_worker(worker, smtp_inbox):
    inbox, _ = smtp_inbox
    user = UserFactory(email="ana@acme.example.com")
    with transaction.atomic():
        email = email_record(
            to_email=user.email,
            to_user=user,
            subject="Chamado #1042",
            body_text="Olá",
            body_html="<p>Olá</p>",
        )
        assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.PENDING

    assert wait_for(lambda: inbox.messages), "the worker did not deliver the e-mail"
    assert inbox.messages[0].rcpt_tos == ["ana@acme.example.com"]
    assert b"Chamado #1042" in inbox.messages[0].content
    assert wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT)
    assert len(inbox.messages) == 1


def test_sweep_sends_rows_left_pending_while_the_broker_was_down(worker, smtp_inbox):
    inbox, _ = smtp_inbox
    # A row whose enqueue was lost (broker down at commit time): nothing was published.
    email = OutboundEmail.objects.create(
        to_email="bruno@acme.example.com", subject="Aviso", body_text="Texto"
    )
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    outbox_sweep.delay()

    assert wait_for(lambda: inbox.messages), "the sweep did not re-queue the pending row"
    assert inbox.messages[0].rcpt_tos == ["bruno@acme.example.com"]
    assert wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT)


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_keep_their_message_id(
    smtp_inbox, worker_queue
):
    """kill -9 in the middle of a batch: every message arrives; one in flight at the kill
    may arrive twice, and then with the same Message-ID (mail programs fold it)."""
    inbox, smtp_port = smtp_inbox
    inbox.delay = 0.05  # a slow SMTP server, so the kill lands mid-batch
    first = start_worker(smtp_port, worker_queue)
    try:
        with transaction.atomic():
            ids = [
                email_record(to_email=f"cliente{n}@acme.example.com", subject=f"Aviso {n}", body_text="x").pk
                for n in range(30)
            ]
        assert wait_for(lambda: len(inbox.messages) >= 5), "the first worker delivered nothing"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
        print(first.communicate()[0])
    assert OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.PENDING).exists()

    second = start_worker(smtp_port, worker_queue)
    try:
        # Rows whose task died with the first worker, and the one it was sending (its lease
        # has run out by the time the beat's sweep looks): the sweep finds them.
        past = timezone.now() - timedelta(minutes=5)
        OutboundEmail.objects.filter(pk__in=ids).update(created_at=past)
        OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.SENDING).update(lease_until=past)
        outbox_sweep.delay()
        assert wait_for(
            lambda: (
                not OutboundEmail.objects.filter(pk__in=ids)
                .exclude(status=OutboundEmail.Status.SENT)
                .exists()
            ),
            timeout=60,
        ), "not every row was sent after the restart"
    finally:
        stop_worker(second)

    delivered = {}
    for envelope in inbox.messages:
        message = message_from_bytes(envelope.content)
        delivered.setdefault(int(message["X-Portal-Outbox-Id"]), set()).add(message["Message-ID"])
    assert set(delivered) == set(ids)  # nothing lost
    assert all(len(message_ids) == 1 for message_ids in delivered.values())  # duplicates: same Message-ID
