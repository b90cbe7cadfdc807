"""Meus dados: a customer changes name, e-mail, username, language and the e-mail opt-in."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.accounts.test_email_change import confirm_through_the_link
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")


def details(user, **changes):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "username": user.username,
        "language": user.language,
    }
    if user.email_notifications:
        data["email_notifications"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_profile_shows_the_customers_details(customer_client, customer):
    response = customer_client.get(PROFILE_URL)

    assertContains(response, '<h1 class="h3 mb-3">Meus dados</h1>', html=False)
    assertContains(response, 'value="ana@acme.example.com"')
    assertContains(response, 'value="ana"')
    assertContains(response, "Habilitar as notificações por e-mail")
    assertContains(response, reverse("account_change_password"))


def test_customer_changes_name_username_and_opt_in(customer_client, customer):
    response = customer_client.post(
        PROFILE_URL,
        details(
            customer, first_name="Ana Paula", last_name="Souza", username="anapaula", email_notifications=None
        ),
    )

    assertRedirects(response, PROFILE_URL, fetch_redirect_response=False)
    customer.refresh_from_db()
    assert customer.first_name == "Ana Paula"
    assert customer.username == "anapaula"
    assert customer.email_notifications is False
    assertContains(customer_client.get(PROFILE_URL), "Seus dados foram salvos.")


def test_duplicate_username_is_refused_case_insensitively(customer_client, customer, colleague):
    response = customer_client.post(PROFILE_URL, details(customer, username="BRUNO"))

    assert response.status_code == 200
    assertContains(response, "Este nome de usuário já está em uso. Escolha outro.")
    customer.refresh_from_db()
    assert customer.username == "ana"


def test_invalid_email_is_a_form_error(customer_client, customer):
    response = customer_client.post(PROFILE_URL, details(customer, first_name="Outra", email="ana(at)acme"))

    assert response.status_code == 200
    assertContains(response, 'id="id_email_error"')
    customer.refresh_from_db()
    assert (customer.first_name, customer.email) == ("Ana", "ana@acme.example.com")


@pytest.mark.parametrize("field", ["email", "first_name", "username"])
def test_required_fields(customer_client, customer, field):
    response = customer_client.post(PROFILE_URL, details(customer, **{field: ""}))

    assert response.status_code == 200
    assertContains(response, f'id="id_{field}_error"')


def test_username_with_invalid_characters_is_refused(customer_client, customer):
    response = customer_client.post(PROFILE_URL, details(customer, username="ana souza!"))

    assertContains(response, 'id="id_username_error"')
    customer.refresh_from_db()
    assert customer.username == "ana"


def test_customer_cannot_change_protected_fields(customer_client, customer, stranger):
    customer_client.post(
        PROFILE_URL,
        details(customer, is_staff="on", is_superuser="on", organization=stranger.organization_id),
    )

    customer.refresh_from_db()
    assert not customer.is_staff
    assert not customer.is_superuser
    assert customer.organization_id != stranger.organization_id


def test_changed_email_works_for_login_and_the_old_one_no_longer_resets(client, customer, deliver_outbox):
    # allauth knows the old address (as after a reset through the link) ...
    EmailAddress.objects.create(user=customer, email="ana@acme.example.com", verified=True, primary=True)
    client.force_login(customer)

    client.post(PROFILE_URL, details(customer, email="ana@nova.example.com", current_password=TEST_PASSWORD))
    confirm_through_the_link(client, deliver_outbox)
    client.post(reverse("account_logout"))
    deliver_outbox().clear()

    # ... the old address gets nothing; the new one gets the link.
    client.post(reverse("account_reset_password"), {"email": "ana@acme.example.com"})
    assert deliver_outbox() == []
    client.post(reverse("account_reset_password"), {"email": "ana@nova.example.com"})
    assert [m.to for m in deliver_outbox()] == [["ana@nova.example.com"]]
    # Login by the old address fails, by the new one works.
    client.post(reverse("account_login"), {"login": "ana@acme.example.com", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session
    client.post(reverse("account_login"), {"login": "ana@nova.example.com", "password": TEST_PASSWORD})
    assert client.session["_auth_user_id"] == str(customer.pk)


def test_choosing_english_in_my_details_switches_the_interface(customer_client, customer):
    response = customer_client.post(PROFILE_URL, details(customer, language="en"), follow=True)

    assertContains(response, "Your details were saved.")
    assertContains(response, "My details")
    customer.refresh_from_db()
    assert customer.language == "en"


def test_password_change_requires_the_current_password(customer_client, customer):
    url = reverse("account_change_password")

    wrong = customer_client.post(
        url, {"oldpassword": "not-mine", "password1": "Nova-Senha-2026", "password2": "Nova-Senha-2026"}
    )
    assert wrong.status_code == 200
    customer.refresh_from_db()
    assert customer.check_password(TEST_PASSWORD)

    right = customer_client.post(
        url, {"oldpassword": TEST_PASSWORD, "password1": "Nova-Senha-2026", "password2": "Nova-Senha-2026"}
    )
    assert right.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password("Nova-Senha-2026")


def test_my_details_needs_login(client):
    response = client.get(PROFILE_URL)

    assertRedirects(response, f"{reverse('account_login')}?next={PROFILE_URL}", fetch_redirect_response=False)


def test_form_texts_follow_the_language_of_each_request(customer_client):
    customer_client.cookies["django_language"] = "en"
    english = customer_client.get(PROFILE_URL)
    customer_client.cookies["django_language"] = "pt-br"
    portuguese = customer_client.get(PROFILE_URL)

    assertContains(english, "PNG, JPEG or WebP, up to 5.0\xa0MB. It is cropped to a square.")
    assertContains(portuguese, "PNG, JPEG ou WebP, até 5,0\xa0MB. A foto é recortada em formato quadrado.")


@pytest.mark.parametrize("password", ["", "senha-errada"])
def test_changing_the_email_needs_the_current_password(customer_client, customer, password):
    response = customer_client.post(
        PROFILE_URL,
        details(customer, first_name="Ana Paula", email="ana@nova.example.com", current_password=password),
    )

    assert response.status_code == 200
    assertContains(response, "Digite sua senha atual para alterar o e-mail.")
    assertContains(response, 'value="ana@nova.example.com"')  # what was typed is kept
    customer.refresh_from_db()
    assert customer.email == "ana@acme.example.com"
    assert customer.first_name == "Ana"


def test_other_details_change_without_the_password(customer_client, customer):
    response = customer_client.post(PROFILE_URL, details(customer, first_name="Ana Paula"))

    assertRedirects(response, PROFILE_URL, fetch_redirect_response=False)
    customer.refresh_from_db()
    assert customer.first_name == "Ana Paula"
