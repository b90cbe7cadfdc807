"""Signing in and out (allauth): username or e-mail, failures, inactive users, rate limit, sessions."""

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.sessions import SessionStore
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")


def log_in(client, login, password=TEST_PASSWORD):
    return client.post(LOGIN_URL, {"login": login, "password": password})


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def test_login_page_asks_for_username_or_email_and_password(client):
    response = client.get(LOGIN_URL)

    assertContains(response, "Acessar a minha conta")
    assertContains(response, '<label class="form-label" for="id_login">Nome de usuário ou e-mail</label>')
    assertContains(response, '<label class="form-label" for="id_password">Senha</label>')
    assertContains(response, "Entrar")
    assertContains(response, f'href="{reverse("account_reset_password")}">Esqueci minha senha</a>')


def test_customer_logs_in_with_username_and_lands_on_dashboard(client, customer):
    response = log_in(client, "ana")

    assertRedirects(response, reverse("dashboard"), fetch_redirect_response=False)
    assert logged_in_user_id(client) == str(customer.pk)
    assertContains(client.get(reverse("dashboard")), "Olá, Ana")


def test_username_is_case_insensitive(client, customer):
    log_in(client, "ANA")

    assert logged_in_user_id(client) == str(customer.pk)


def test_customer_logs_in_with_email(client, customer):
    response = log_in(client, "ana@acme.example.com")

    assertRedirects(response, reverse("dashboard"), fetch_redirect_response=False)
    assert logged_in_user_id(client) == str(customer.pk)


def test_email_login_is_case_insensitive(client, customer):
    log_in(client, "  Ana@ACME.example.com ")

    assert logged_in_user_id(client) == str(customer.pk)


def test_wrong_password_shows_form_error_and_does_not_log_in(client, customer):
    response = log_in(client, "ana", "not-her-password")

    assert response.status_code == 200
    assertContains(response, 'class="alert alert-danger"')
    assertContains(response, "estão incorretos")
    # What was typed in the login field stays; the password does not come back.
    assertContains(response, 'value="ana"')
    assert "not-her-password" not in response.content.decode()
    assert logged_in_user_id(client) is None


def test_user_without_password_cannot_log_in(client):
    UserFactory(username="joana", email="joana@cliente.example.com", password=None)

    response = log_in(client, "joana", "")

    assert response.status_code == 200
    assert logged_in_user_id(client) is None


def test_inactive_user_cannot_log_in(client, customer):
    customer.is_active = False
    customer.save()

    for login in ("ana", "ana@acme.example.com"):
        response = log_in(client, login)
        assertRedirects(response, reverse("account_inactive"), fetch_redirect_response=False)
        assert logged_in_user_id(client) is None
    assertRedirects(
        client.get(reverse("dashboard")),
        f"{LOGIN_URL}?next={reverse('dashboard')}",
        fetch_redirect_response=False,
    )


def test_inactive_page_says_so(client):
    assertContains(client.get(reverse("account_inactive")), "Esta conta está inativa.")


def test_public_signup_is_closed(client, django_user_model):
    count = django_user_model.objects.count()

    page = client.get(reverse("account_signup"))
    response = client.post(
        reverse("account_signup"),
        {
            "username": "intruso",
            "email": "intruso@example.com",
            "password1": TEST_PASSWORD,
            "password2": TEST_PASSWORD,
        },
    )

    assertContains(page, "Cadastro fechado")
    assertContains(response, "Cadastro fechado")
    assert django_user_model.objects.count() == count
    assert logged_in_user_id(client) is None


def test_failed_logins_are_rate_limited_per_login(client, customer):
    # allauth's default: 5 failed attempts per login per 5 minutes.
    for _ in range(5):
        response = log_in(client, "ana", "wrong-password")
        assertContains(response, "estão incorretos")

    response = log_in(client, "ana")  # even the right password is refused now

    assert response.status_code == 200
    assertContains(response, "Muitas tentativas")
    assert logged_in_user_id(client) is None


def test_rate_limit_is_per_login_not_global(client, customer, colleague):
    for _ in range(5):
        log_in(client, "ana", "wrong-password")

    log_in(client, "bruno")

    assert logged_in_user_id(client) == str(colleague.pk)


def test_session_key_rotates_at_login(client, customer):
    session = client.session
    session["probe"] = "anonymous visit"
    session.save()
    anonymous_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    log_in(client, "ana")

    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != anonymous_key
    assert not SessionStore().exists(anonymous_key)
    assert logged_in_user_id(client) == str(customer.pk)


def test_logout_needs_post(customer_client):
    response = customer_client.get(reverse("account_logout"))

    # GET only asks for confirmation (a link or an <img> cannot sign anyone out).
    assertContains(response, "Deseja sair da área do cliente?")
    assertContains(response, 'method="post"')
    assert logged_in_user_id(customer_client) is not None


def test_logout_by_post_ends_the_session_and_the_old_cookie_is_useless(client, customer):
    log_in(client, "ana")
    old_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    response = client.post(reverse("account_logout"))

    assertRedirects(response, reverse("kb:home"), fetch_redirect_response=False)
    assert logged_in_user_id(client) is None
    assert not SessionStore().exists(old_key)
    replay = client.__class__()
    replay.cookies[settings.SESSION_COOKIE_NAME] = old_key
    assert replay.get(reverse("dashboard")).status_code == 302


def test_login_applies_the_language_saved_on_the_account(client, customer):
    customer.language = "en"
    customer.save()

    response = log_in(client, "ana")

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assertContains(client.get(reverse("dashboard")), "Hello, Ana")
