"""A deactivated company (Organization.is_active off): its customers cannot sign in (told the
same as a wrong password, so nobody learns the account exists), their open sessions end, the
plugin stops for them, and staff keep every ticket."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.factories import TEST_PASSWORD
from tests.helpers import default_sector, totp_code
from tests.plugin.helpers import sign_in
from tickets.services import ticket_open

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")


def deactivate(organization):
    organization.is_active = False
    organization.save()


def log_in(client, login, password=TEST_PASSWORD):
    return client.post(LOGIN_URL, {"login": login, "password": password})


def alert(response) -> str:
    html = response.content.decode()
    start = html.index('class="alert alert-danger"')
    return html[start : html.index("</div>", start)]


def test_customer_of_a_deactivated_company_cannot_log_in_and_sees_the_wrong_password_message(
    client, customer, organization
):
    logins = ("ana", "ana@acme.example.com")
    wrong = [alert(log_in(client, login, "not-her-password")) for login in logins]
    deactivate(organization)

    for login, wrong_password in zip(logins, wrong, strict=True):
        response = log_in(client, login)
        assert response.status_code == 200
        assert alert(response) == wrong_password
        assert SESSION_KEY not in client.session


def test_deactivating_the_company_ends_its_customers_open_sessions(customer_client, organization):
    assert customer_client.get(reverse("dashboard")).status_code == 200

    deactivate(organization)

    response = customer_client.get(reverse("dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def test_reactivating_the_company_lets_them_in_again(client, customer, organization):
    deactivate(organization)
    organization.is_active = True
    organization.save()

    log_in(client, "ana")
    assert client.session[SESSION_KEY] == str(customer.pk)


def test_staff_keep_signing_in_and_see_the_companys_tickets(client, staff, customer, organization):
    ticket = ticket_open(customer=customer, sector=default_sector(), subject="Nota fiscal", description="x")
    deactivate(organization)

    log_in(client, "equipe")
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert client.session[SESSION_KEY] == str(staff.pk)
    assertContains(client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk])), "Nota fiscal")


def test_other_companies_are_not_affected(client, stranger, organization):
    deactivate(organization)

    log_in(client, stranger.username)

    assert client.session[SESSION_KEY] == str(stranger.pk)


def test_plugin_sign_in_stops_for_a_deactivated_company(client, customer, organization, token):
    deactivate(organization)

    response = sign_in(client, token())

    assert response.status_code == 403
    assert 'data-reason="inactive_integration"' in response.content.decode()
    assert SESSION_KEY not in client.session
