"""allauth's protections that the bar names and the accounts tests do not already prove:
rate limits per IP and per e-mail (and which IP counts behind a proxy), reset links that
expire, and an admin login that cannot be used around allauth."""

from datetime import datetime, timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse

from notifications.models import OutboundEmail
from tests.accounts.test_password_reset import NEW_PASSWORD, ask_for_link, link_in, set_password_through
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
TOO_MANY = "Muitas tentativas"


def log_in(client, login, password=TEST_PASSWORD, **extra):
    return client.post(LOGIN_URL, {"login": login, "password": password}, **extra)


@pytest.fixture
def newcomer(organization):
    return UserFactory(username="joana", email="joana@cliente.example.com", first_name="Joana", password=None)


def test_failed_logins_are_limited_per_ip_across_accounts(client, customer):
    for n in range(10):  # allauth: 10 failed logins per minute per IP
        log_in(client, f"tentativa{n}", "errada")

    response = log_in(client, "ana")  # another account, right password, same IP

    assert TOO_MANY in response.content.decode()
    assert SESSION_KEY not in client.session


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, customer):
    # Rotating X-Forwarded-For must not buy an attacker fresh attempts.
    for n in range(10):
        log_in(client, f"tentativa{n}", "errada", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    response = log_in(client, "ana", HTTP_X_FORWARDED_FOR="198.51.100.7")

    assert TOO_MANY in response.content.decode()


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, customer, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for n in range(10):
        log_in(client, f"tentativa{n}", "errada", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert TOO_MANY in log_in(client, "ana", HTTP_X_FORWARDED_FOR="203.0.113.9").content.decode()

    response = log_in(client, "ana", HTTP_X_FORWARDED_FOR="198.51.100.7")  # another customer

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(customer.pk)


@pytest.mark.parametrize("email", ["joana@cliente.example.com", "ninguem@example.com"])
def test_reset_requests_are_limited_per_address_known_or_not(client, newcomer, email):
    answers = [ask_for_link(client, email).status_code for _ in range(5)]
    refused = ask_for_link(client, email)

    assert answers == [302] * 5
    assert refused.status_code == 429
    assert OutboundEmail.objects.count() == (5 if email.startswith("joana") else 0)
    assert ask_for_link(client, "outra@example.com").status_code == 302  # per address


def test_reset_requests_are_limited_per_ip(client):
    answers = [ask_for_link(client, f"pessoa{n}@example.com").status_code for n in range(20)]
    assert answers == [302] * 20
    assert ask_for_link(client, "mais-uma@example.com").status_code == 429


def _later(days):
    return mock.patch.object(
        PasswordResetTokenGenerator, "_now", return_value=datetime.now() + timedelta(days=days)
    )


def test_reset_link_expires(client, newcomer, deliver_outbox, settings):
    ask_for_link(client, "joana@cliente.example.com")
    link = link_in(deliver_outbox()[0].body)
    expiry_days = settings.PASSWORD_RESET_TIMEOUT / 86400

    with _later(expiry_days + 0.01):
        expired = client.get(urlsplit(link).path, follow=True)
        client.post(urlsplit(link).path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert "Este link não funciona mais" in expired.content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()

    with _later(expiry_days - 0.01):
        set_password_through(client, link)
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert SESSION_KEY not in client.session  # a reset never signs anyone in


def test_the_admins_own_login_form_cannot_be_used(client, staff):
    response = client.post(
        "/admin/login/", {"username": "equipe", "password": TEST_PASSWORD, "this_is_the_login_form": "1"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL + "?next=")
    assert SESSION_KEY not in client.session


def test_staff_failed_logins_are_rate_limited_like_anyone(client, staff):
    for _ in range(5):
        log_in(client, "equipe", "errada")

    response = log_in(client, "equipe")

    assert TOO_MANY in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_deactivating_an_account_ends_its_open_sessions(client, customer, world):
    log_in(client, "ana")
    assert client.get(world.ticket.get_absolute_url()).status_code == 200

    customer.is_active = False
    customer.save()

    response = client.get(world.ticket.get_absolute_url())
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)
    assert client.post(f"/chamados/{world.ticket.number}/responder/", {"body": "x"}).status_code == 302
    assert world.ticket.messages.count() == 1
