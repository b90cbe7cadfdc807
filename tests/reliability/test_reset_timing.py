""" "Esqueci minha senha" takes the same time for a known and an unknown address, also with the
broker hung or refusing: the page records one request and publishes one task either way, and
the worker decides whether a link goes out."""

import statistics
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PasswordResetRequest
from accounts.services import password_reset_request_process
from accounts.tasks import password_reset_request_sweep
from notifications.models import OutboundEmail
from portal.celery import app as celery_app
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET_URL = reverse("account_reset_password")
KNOWN = "joana@cliente.example.com"
UNKNOWN = "ninguem@example.com"


@pytest.fixture
def joana(organization):
    return UserFactory(username="joana", email=KNOWN, organization=organization, password=None)


def timed_reset(client, email, capture, broker) -> float:
    # Every request meets the hung broker afresh: a new connection, no "recently down" hint.
    broker(celery_app.conf.broker_url)
    # The publish runs on commit: in a real request inside it, here when the capture ends.
    started = time.perf_counter()
    with capture(execute=True):
        response = client.post(RESET_URL, {"email": email})
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    return elapsed


@pytest.mark.slow
def test_known_and_unknown_address_take_the_same_time_with_the_broker_hung(
    hung_broker, broker, client, joana, django_capture_on_commit_callbacks
):
    known, unknown = [], []
    for n in range(3):
        known.append(timed_reset(client, KNOWN, django_capture_on_commit_callbacks, broker))
        unknown.append(
            timed_reset(client, f"ninguem{n}@example.com", django_capture_on_commit_callbacks, broker)
        )

    slow, fast = sorted([statistics.median(known), statistics.median(unknown)], reverse=True)
    # Before, only a known address waited for the broker: ~0.5 s against a few ms.
    assert slow / fast < 2, f"known {known}, unknown {unknown}"
    assert slow - fast < 0.25, f"known {known}, unknown {unknown}"
    assert slow < 2.0
    assert PasswordResetRequest.objects.count() == 6


def test_with_the_broker_refusing_both_are_recorded_and_the_sweep_sends_the_known_one_later(
    refused_broker, broker, client, joana, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(RESET_URL, {"email": KNOWN})
        unknown = client.post(RESET_URL, {"email": UNKNOWN})

    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert sorted(PasswordResetRequest.objects.values_list("email", flat=True)) == [KNOWN, UNKNOWN]
    assert not OutboundEmail.objects.exists() and mailoutbox == []

    broker("memory://")  # the broker is back; the worker's part runs in-process
    celery_app.conf.task_always_eager = True
    PasswordResetRequest.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert password_reset_request_sweep() == 2

    assert not PasswordResetRequest.objects.exists()
    assert [m.to for m in mailoutbox] == [[KNOWN]]
    assert "/conta/password/reset/key/" in mailoutbox[0].body


def test_processing_a_request_twice_sends_one_link(client, joana):
    client.post(RESET_URL, {"email": KNOWN})
    pk = PasswordResetRequest.objects.get().pk

    assert password_reset_request_process(request_id=pk) == "sent"
    assert password_reset_request_process(request_id=pk) == "gone"
    assert OutboundEmail.objects.filter(to_email=KNOWN).count() == 1


def test_an_unknown_address_gets_nothing_and_leaves_nothing(client, joana):
    client.post(RESET_URL, {"email": UNKNOWN})

    assert password_reset_request_process(request_id=PasswordResetRequest.objects.get().pk) == "nobody"
    assert not OutboundEmail.objects.exists() and not PasswordResetRequest.objects.exists()


def test_the_link_is_written_in_the_language_of_the_page_for_an_account_without_one(client, joana):
    joana.language = ""
    joana.save()

    client.post(RESET_URL, {"email": KNOWN}, HTTP_ACCEPT_LANGUAGE="en")
    password_reset_request_process(request_id=PasswordResetRequest.objects.get().pk)

    assert "Hello" in OutboundEmail.objects.get().body_text


def test_customers_of_a_deactivated_company_get_no_link(client, joana, organization):
    organization.is_active = False
    organization.save()

    client.post(RESET_URL, {"email": KNOWN})

    assert password_reset_request_process(request_id=PasswordResetRequest.objects.get().pk) == "nobody"
    assert not OutboundEmail.objects.exists()


def test_the_sweep_forgets_requests_older_than_a_day(joana):
    old = PasswordResetRequest.objects.create(email=KNOWN, language="pt-br")
    PasswordResetRequest.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    fresh = PasswordResetRequest.objects.create(email=KNOWN, language="pt-br")

    assert password_reset_request_sweep() == 0  # fresh: a worker is probably on it

    assert list(PasswordResetRequest.objects.values_list("pk", flat=True)) == [fresh.pk]
