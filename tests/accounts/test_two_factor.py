"""Two-factor authentication (allauth.mfa) under Meus dados → Segurança: authenticator app with a
QR code drawn on the server, recovery codes, staff forced to enrol before the admin, companies
that require it, staff resetting a customer's second factor, a security e-mail for each change."""

import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from notifications.models import OutboundEmail
from tests.factories import TEST_PASSWORD, StaffFactory, two_factor_enable

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
ACTIVATE_URL = reverse("mfa_activate_totp")
CODE_URL = reverse("mfa_authenticate")


def log_in(client, login, password=TEST_PASSWORD):
    return client.post(LOGIN_URL, {"login": login, "password": password})


def code_for(secret: str, *, periods_ahead: int = 0) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + periods_ahead
    return format_hotp_value(hotp_value(secret, counter))


def reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:3000]


def enrol(client) -> str:
    """Confirm the password (allauth asks before any change of factors), open the setup page,
    read the secret, type the app's code. Returns the secret."""
    reauthenticate(client)
    page = client.get(ACTIVATE_URL)
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(ACTIVATE_URL, {"code": code_for(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def test_security_tab_lists_the_second_factors_in_portuguese(customer_client):
    response = customer_client.get(reverse("mfa_index"))

    assertContains(response, "Segurança")
    assertContains(response, "Autenticação de dois fatores")
    assertContains(response, 'href="/meus-dados/"')
    assertContains(response, reverse("mfa_activate_totp"))


def test_my_details_links_to_security(customer_client):
    assertContains(customer_client.get(reverse("accounts:profile")), reverse("mfa_index"))


def test_qr_code_is_an_inline_svg_drawn_by_the_server(client, customer):
    log_in(client, "ana")
    reauthenticate(client)

    page = client.get(ACTIVATE_URL)

    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "http" not in html.split('src="data:image/svg+xml;base64,')[1][:20]
    assert page.context["form"].secret in html  # the key, for typing it by hand
    assert "<script>" not in html


def test_enrol_then_sign_in_with_the_apps_code(client, customer, deliver_outbox):
    log_in(client, "ana")

    secret = enrol(client)

    assert Authenticator.objects.filter(user=customer, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=customer, type=Authenticator.Type.RECOVERY_CODES).exists()
    client.post(reverse("account_logout"))
    second_step = log_in(client, "ana")
    assertRedirects(second_step, CODE_URL, fetch_redirect_response=False)
    assert SESSION_KEY not in client.session

    wrong = client.post(CODE_URL, {"code": "000000"})
    assert wrong.status_code == 200 and SESSION_KEY not in client.session

    right = client.post(CODE_URL, {"code": code_for(secret)})
    assertRedirects(right, reverse("dashboard"), fetch_redirect_response=False)
    assert client.session[SESSION_KEY] == str(customer.pk)


def test_enrolling_sends_a_security_email_in_the_customers_language(
    client, customer, deliver_outbox, django_capture_on_commit_callbacks
):
    customer.language = "en"
    customer.save()
    log_in(client, "ana")
    deliver_outbox().clear()

    # allauth sends it once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        enrol(client)

    mails = deliver_outbox()
    assert [m.to for m in mails] == [["ana@acme.example.com"]]
    assert "Authenticator App Activated" in mails[0].subject


def test_a_recovery_code_signs_in_once(client, customer):
    two_factor_enable(customer)
    codes = RecoveryCodes(Authenticator.objects.get(user=customer, type=Authenticator.Type.RECOVERY_CODES))
    code = codes.get_unused_codes()[0]

    log_in(client, "ana")
    client.post(CODE_URL, {"code": code})
    assert client.session[SESSION_KEY] == str(customer.pk)

    client.post(reverse("account_logout"))
    log_in(client, "ana")
    again = client.post(CODE_URL, {"code": code})
    assert again.status_code == 200 and SESSION_KEY not in client.session


def test_new_recovery_codes_and_turning_off_send_security_emails(
    client, customer, deliver_outbox, django_capture_on_commit_callbacks
):
    log_in(client, "ana")
    enrol(client)
    deliver_outbox().clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_generate_recovery_codes"))
        client.post(reverse("mfa_deactivate_totp"))

    subjects = [m.subject for m in deliver_outbox()]
    assert len(subjects) == 2, subjects
    assert any("recuperação" in s.lower() for s in subjects), subjects
    assert any("desativado" in s.lower() for s in subjects), subjects
    assert not Authenticator.objects.filter(user=customer, type=Authenticator.Type.TOTP).exists()


def test_staff_without_a_second_factor_are_sent_to_set_it_up_before_the_admin(client):
    member = StaffFactory(username="nova", two_factor=False)
    log_in(client, "nova")

    for url in (reverse("admin:index"), reverse("admin:tickets_ticket_changelist"), reverse("dashboard")):
        response = client.get(url)
        assertRedirects(response, ACTIVATE_URL, fetch_redirect_response=False)
    assertContains(client.get(ACTIVATE_URL, follow=True), "autenticação de dois fatores")

    enrol(client)

    assert client.get(reverse("admin:index")).status_code == 200
    assert Authenticator.objects.filter(user=member).exists()


def test_staff_cannot_turn_off_their_only_second_factor(client):
    StaffFactory(username="nova", two_factor=False)
    log_in(client, "nova")
    enrol(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert response.status_code == 200
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).exists()


def test_company_requiring_two_factor_sends_its_customers_to_set_it_up(client, customer, organization):
    organization.require_two_factor = True
    organization.save()

    log_in(client, "ana")

    assertRedirects(client.get(reverse("dashboard")), ACTIVATE_URL, fetch_redirect_response=False)
    assertRedirects(client.get(reverse("tickets:list")), ACTIVATE_URL, fetch_redirect_response=False)
    enrol(client)
    assert client.get(reverse("dashboard")).status_code == 200


def test_other_companies_customers_are_not_asked(client, stranger, organization):
    organization.require_two_factor = True
    organization.save()

    log_in(client, stranger.username)

    assert client.get(reverse("dashboard")).status_code == 200


def test_staff_reset_a_customers_two_factor_and_the_customer_is_told(staff_client, customer, deliver_outbox):
    two_factor_enable(customer)

    response = staff_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [customer.pk]},
        follow=True,
    )

    assertContains(response, "Autenticação de dois fatores redefinida para 1 usuário")
    assert not Authenticator.objects.filter(user=customer).exists()
    mails = [m for m in deliver_outbox() if m.to == ["ana@acme.example.com"]]
    assert len(mails) == 1 and "autenticação de dois fatores" in mails[0].subject.lower()


def test_admin_user_list_shows_who_has_two_factor_in_constant_queries(
    staff_client, organization, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    for _n in range(3):
        two_factor_enable(UserFactory(organization=organization))
    with django_assert_max_num_queries(20) as few:
        staff_client.get(reverse("admin:accounts_user_changelist"))
    for _n in range(12):
        UserFactory(organization=organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = staff_client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 200


def test_the_authenticator_secrets_are_not_in_the_admin(staff_client):
    assert staff_client.get("/admin/mfa/authenticator/").status_code == 404


def test_outbox_rows_for_2fa_emails_exist_before_delivery(
    client, customer, django_capture_on_commit_callbacks
):
    log_in(client, "ana")
    with django_capture_on_commit_callbacks(execute=True):
        enrol(client)
    assert OutboundEmail.objects.filter(to_email="ana@acme.example.com").exists()


@pytest.mark.parametrize("name", ["mfa_edit_webauthn", "mfa_remove_webauthn"])
def test_another_customers_security_key_is_404(client, customer, stranger, name):
    key = Authenticator.objects.create(
        user=stranger, type=Authenticator.Type.WEBAUTHN, data={"name": "Chave"}
    )
    log_in(client, "ana")
    reauthenticate(client)

    assert client.get(reverse(name, args=[key.pk])).status_code == 404
    assert client.post(reverse(name, args=[key.pk]), {"name": "Minha"}).status_code == 404
    assert Authenticator.objects.get(pk=key.pk).data == {"name": "Chave"}


def test_staff_cannot_reset_their_own_two_factor_from_the_admin(staff_client, staff):
    staff_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [staff.pk]},
    )

    assert Authenticator.objects.filter(user=staff).exists()
    assert staff_client.get(reverse("admin:index")).status_code == 200


def test_staff_without_a_second_factor_can_still_sign_out_and_switch_language(client):
    StaffFactory(username="nova", two_factor=False)
    log_in(client, "nova")

    switched = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert switched.status_code == 302 and switched["Location"] == "/"
    assert client.get(reverse("healthz")).status_code == 200
    client.post(reverse("account_logout"))

    assert SESSION_KEY not in client.session
