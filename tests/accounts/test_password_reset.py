"""First access and "Esqueci minha senha": allauth's reset-by-link flow, mail through the outbox."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.models import PasswordResetRequest
from accounts.services import password_reset_request_process
from notifications.models import OutboundEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET_URL = reverse("account_reset_password")
DONE_URL = reverse("account_reset_password_done")
NEW_PASSWORD = "Primeiro-Acesso-2026"


@pytest.fixture
def newcomer(organization):
    """A customer created by staff without a password: the seed's first access."""
    return UserFactory(username="joana", email="joana@cliente.example.com", first_name="Joana", password=None)


def ask_for_link(client, email, **extra):
    """Post "Esqueci minha senha", then play the worker's part: the page only records the
    request (tests never commit, so its task is not queued by on_commit)."""
    response = client.post(RESET_URL, {"email": email}, **extra)
    for pk in PasswordResetRequest.objects.values_list("pk", flat=True):
        password_reset_request_process(request_id=pk)
    return response


def link_in(body: str) -> str:
    match = re.search(r"https?://\S+", body)
    assert match, body
    return match.group(0)


def set_password_through(client, link, password=NEW_PASSWORD):
    """Open the link from the mail and choose a password, as the customer would."""
    form_page = client.get(urlsplit(link).path, follow=True)
    assertContains(form_page, "Defina sua nova senha")
    action = form_page.redirect_chain[-1][0]
    return client.post(action, {"password1": password, "password2": password})


def test_reset_page_asks_for_the_email_with_the_seed_words(client):
    response = client.get(RESET_URL)

    assertContains(response, "Esqueci minha senha")
    assertContains(response, '<label class="form-label" for="id_email">E-mail</label>')
    assertContains(response, "Enviar nova senha")


def test_first_access_end_to_end(client, newcomer, deliver_outbox, settings):
    assert not newcomer.has_usable_password()

    response = ask_for_link(client, "joana@cliente.example.com")
    assertRedirects(response, DONE_URL, fetch_redirect_response=False)
    assertContains(client.get(DONE_URL), "Verifique seu e-mail")

    mails = deliver_outbox()
    assert len(mails) == 1
    mail = mails[0]
    assert mail.to == ["joana@cliente.example.com"]
    assert mail.subject == "[Portal do Cliente] Cadastre sua senha"
    assert "Olá, Joana." in mail.body
    assert "Seu usuário é joana" in mail.body
    link = link_in(mail.body)
    assert link.startswith(settings.SITE_URL + "/conta/password/reset/key/")
    html = mail.alternatives[0][0]
    assert link in html

    response = set_password_through(client, link)
    assertRedirects(response, reverse("account_reset_password_from_key_done"), fetch_redirect_response=False)
    assertContains(client.get(response["Location"]), "Senha salva")

    # Not logged in by the reset: the customer signs in with the new password.
    assert SESSION_KEY not in client.session
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    login = client.post(
        reverse("account_login"), {"login": "joana@cliente.example.com", "password": NEW_PASSWORD}
    )
    assertRedirects(login, reverse("dashboard"), fetch_redirect_response=False)
    assert client.session[SESSION_KEY] == str(newcomer.pk)


def test_email_lookup_is_case_insensitive(client, newcomer, deliver_outbox):
    ask_for_link(client, "  JOANA@Cliente.Example.com ")

    assert [m.to for m in deliver_outbox()] == [["joana@cliente.example.com"]]


def test_link_is_built_from_site_url_never_from_the_host_header(client, newcomer, deliver_outbox, settings):
    settings.SITE_URL = "https://portal.example.com"
    settings.ALLOWED_HOSTS = ["*"]

    ask_for_link(client, "joana@cliente.example.com", HTTP_HOST="attacker.example.net")

    mail = deliver_outbox()[0]
    assert link_in(mail.body).startswith("https://portal.example.com/conta/password/reset/key/")
    assert "attacker" not in mail.body
    assert "attacker" not in mail.alternatives[0][0]


def test_link_works_once(client, newcomer, deliver_outbox):
    ask_for_link(client, "joana@cliente.example.com")
    link = link_in(deliver_outbox()[0].body)
    set_password_through(client, link)

    again = client.get(urlsplit(link).path, follow=True)

    assertContains(again, "Este link não funciona mais")
    assert "password1" not in again.content.decode()
    attempt = client.post(
        urlsplit(link).path, {"password1": "Outra-Senha-2026", "password2": "Outra-Senha-2026"}
    )
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    assert attempt.status_code in (200, 302)


def test_a_tampered_link_does_not_work(client, newcomer, deliver_outbox):
    ask_for_link(client, "joana@cliente.example.com")
    link = link_in(deliver_outbox()[0].body)

    response = client.get(urlsplit(link).path[:-5] + "xxxx/", follow=True)

    assertContains(response, "Este link não funciona mais")


def test_unknown_email_gets_the_same_page_and_no_mail(client, newcomer):
    known = ask_for_link(client, "joana@cliente.example.com")
    unknown = ask_for_link(client, "ninguem@example.com")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == DONE_URL
    assert list(OutboundEmail.objects.values_list("to_email", flat=True)) == ["joana@cliente.example.com"]


def test_inactive_user_receives_no_reset_mail(client, newcomer):
    newcomer.is_active = False
    newcomer.save()

    response = ask_for_link(client, "joana@cliente.example.com")

    assertRedirects(response, DONE_URL, fetch_redirect_response=False)
    assert not OutboundEmail.objects.exists()


def test_link_mailed_before_deactivation_stops_working(client, newcomer, deliver_outbox):
    ask_for_link(client, "joana@cliente.example.com")
    link = link_in(deliver_outbox()[0].body)
    newcomer.is_active = False
    newcomer.save()

    response = client.get(urlsplit(link).path, follow=True)

    assertContains(response, "Este link não funciona mais")
    assertNotContains(response, 'name="password1"')
    client.post(urlsplit(link).path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()
    client.post(reverse("account_login"), {"login": "joana", "password": NEW_PASSWORD})
    assert SESSION_KEY not in client.session


def test_invalid_email_is_a_form_error(client):
    response = ask_for_link(client, "not-an-email")

    assert response.status_code == 200
    assertContains(response, "invalid-feedback")
    assert not OutboundEmail.objects.exists()


def test_weak_password_is_refused_on_the_link_page(client, newcomer, deliver_outbox):
    ask_for_link(client, "joana@cliente.example.com")
    link = link_in(deliver_outbox()[0].body)

    response = set_password_through(client, link, password="123")

    assert response.status_code == 200
    assertContains(response, "invalid-feedback")
    newcomer.refresh_from_db()
    assert not newcomer.has_usable_password()


def test_reset_mail_is_written_in_the_customers_language(client, newcomer, deliver_outbox):
    newcomer.language = "en"
    newcomer.save()

    ask_for_link(client, "joana@cliente.example.com")

    mail = deliver_outbox()[0]
    assert mail.subject == "[Portal do Cliente] Set your password"
    assert "Hello, Joana." in mail.body
