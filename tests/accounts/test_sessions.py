"""Meus dados → Sessões (allauth.usersessions): where the account is signed in (device, IP, last
seen), "Encerrar" one session, "Encerrar todas as outras"; a password change ends the others and
sends a security e-mail."""

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SESSIONS_URL = reverse("usersessions_list")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1"


def signed_in(login="ana", *, agent=FIREFOX, ip="198.51.100.7"):
    client = Client(headers={"user-agent": agent}, REMOTE_ADDR=ip)
    response = client.post(reverse("account_login"), {"login": login, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def is_signed_in(client) -> bool:
    return client.get(reverse("dashboard")).status_code == 200


def test_the_list_shows_each_device_ip_and_this_session(customer):
    laptop = signed_in()
    signed_in(agent=PHONE, ip="203.0.113.50")

    response = laptop.get(SESSIONS_URL)

    assertContains(response, "Sessões")
    assertContains(response, "Firefox/128.0")
    assertContains(response, "iPhone")
    assertContains(response, "203.0.113.50")
    assertContains(response, "Esta sessão", count=1)
    assertContains(response, "Encerrar todas as outras sessões")


def test_ending_one_other_session_signs_that_device_out(customer):
    laptop = signed_in()
    phone = signed_in(agent=PHONE)
    phone_session = UserSession.objects.get(user=customer, user_agent=PHONE)

    response = laptop.post(reverse("accounts:session_end", args=[phone_session.pk]))

    assertRedirects(response, SESSIONS_URL, fetch_redirect_response=False)
    assert not is_signed_in(phone)
    assert is_signed_in(laptop)
    assert not UserSession.objects.filter(pk=phone_session.pk).exists()


def test_ending_this_session_signs_out(customer):
    laptop = signed_in()
    mine = UserSession.objects.get(user=customer)

    laptop.post(reverse("accounts:session_end", args=[mine.pk]))

    assert not is_signed_in(laptop)


def test_end_all_other_sessions(customer):
    laptop = signed_in()
    phone = signed_in(agent=PHONE)
    tablet = signed_in(agent="Tablet")

    laptop.post(SESSIONS_URL)

    assert is_signed_in(laptop)
    assert not is_signed_in(phone) and not is_signed_in(tablet)
    assert UserSession.objects.filter(user=customer).count() == 1


def test_another_customers_session_is_404_and_stays(customer, colleague):
    signed_in()
    theirs = signed_in("bruno")
    their_session = UserSession.objects.get(user=colleague)
    mine = signed_in()

    response = mine.post(reverse("accounts:session_end", args=[their_session.pk]))

    assert response.status_code == 404
    assert is_signed_in(theirs)


def test_ending_is_post_only(customer):
    laptop = signed_in()
    session = UserSession.objects.get(user=customer)

    assert laptop.get(reverse("accounts:session_end", args=[session.pk])).status_code == 405
    assert is_signed_in(laptop)


def test_a_password_change_ends_the_other_sessions_and_sends_a_security_email(
    customer, deliver_outbox, django_capture_on_commit_callbacks
):
    laptop = signed_in()
    phone = signed_in(agent=PHONE)
    deliver_outbox().clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = laptop.post(
            reverse("account_change_password"),
            {"oldpassword": TEST_PASSWORD, "password1": "Nova-Senha-2026", "password2": "Nova-Senha-2026"},
        )

    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    mails = deliver_outbox()
    assert [m.to for m in mails] == [["ana@acme.example.com"]]
    assert "senha" in mails[0].subject.lower()


def test_last_seen_is_recorded_at_most_every_few_minutes(customer, settings, django_assert_num_queries):
    laptop = signed_in()
    session = UserSession.objects.get(user=customer)
    earlier = timezone.now() - timedelta(hours=1)
    UserSession.objects.filter(pk=session.pk).update(last_seen_at=earlier)

    laptop.get(reverse("dashboard"))  # just signed in: nothing to write yet
    session.refresh_from_db()
    assert session.last_seen_at == earlier

    settings.USERSESSIONS_LAST_SEEN_EVERY = 0
    laptop.get(reverse("dashboard"))
    session.refresh_from_db()
    assert session.last_seen_at > earlier


def test_sessions_page_needs_login(client):
    response = client.get(SESSIONS_URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session
