"""Meus dados: a new e-mail changes only through a link sent to it; the page answers the same
whether or not another account has the address; both addresses hear about the change. Username
changes are rate-limited."""

import re
import time
from datetime import timedelta
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")
NEW = "ana@nova.example.com"


def details(user, **changes):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "username": user.username,
        "language": user.language,
        "email_notifications": "on",
    }
    data.update(changes)
    return data


def ask_for(client, user, email, password=TEST_PASSWORD):
    return client.post(PROFILE_URL, details(user, email=email, current_password=password), follow=True)


def link_in(mail) -> str:
    return re.search(r"https?://\S+/meus-dados/email/\S+/", mail.body).group(0)


def confirm_through_the_link(client, deliver_outbox):
    """Open the link mailed to the new address and press the button, as the customer would."""
    link = urlsplit(link_in(next(m for m in deliver_outbox() if "/meus-dados/email/" in m.body))).path
    page = client.get(link)
    assertContains(page, "Confirmar novo e-mail")
    return client.post(link)


def test_new_email_changes_only_after_the_link_is_opened(customer_client, customer, deliver_outbox, settings):
    response = ask_for(customer_client, customer, "Ana@Nova.example.com")

    assertContains(response, f"Enviamos um link de confirmação para {NEW}.")
    customer.refresh_from_db()
    assert customer.email == "ana@acme.example.com"
    mails = deliver_outbox()
    assert [m.to for m in mails] == [[NEW]]
    assert mails[0].subject == "Confirme seu novo e-mail"
    assert link_in(mails[0]).startswith(settings.SITE_URL + "/meus-dados/email/")


def test_confirming_switches_and_tells_the_old_and_the_new_address(customer_client, customer, deliver_outbox):
    ask_for(customer_client, customer, NEW)

    response = confirm_through_the_link(customer_client, deliver_outbox)

    assertRedirects(response, PROFILE_URL, fetch_redirect_response=False)
    assertContains(customer_client.get(PROFILE_URL), f"Seu e-mail agora é {NEW}.")
    customer.refresh_from_db()
    assert customer.email == NEW
    changed = [m for m in deliver_outbox() if m.subject.endswith("O e-mail da sua conta foi alterado")]
    assert sorted(m.to[0] for m in changed) == ["ana@acme.example.com", NEW]
    assert all("ana@acme.example.com" in m.body and NEW in m.body for m in changed)


def test_the_page_answers_the_same_whether_or_not_the_address_is_taken(
    customer_client, customer, colleague, deliver_outbox
):
    free = ask_for(customer_client, customer, "livre@acme.example.com")
    taken = ask_for(customer_client, customer, "BRUNO@acme.EXAMPLE.com")

    def message(response):
        return re.search(r"Enviamos um link de confirmação para [^<]*", response.content.decode()).group(0)

    assert free.status_code == taken.status_code == 200
    assert (
        message(free)
        == "Enviamos um link de confirmação para livre@acme.example.com. Seu e-mail muda quando você abrir o link."
    )
    assert message(taken).replace("bruno@acme.example.com", "livre@acme.example.com") == message(free)
    assert "já usa" not in taken.content.decode()
    # The taken address gets nothing; nobody's e-mail changed.
    assert [m.to for m in deliver_outbox()] == [["livre@acme.example.com"]]
    customer.refresh_from_db()
    colleague.refresh_from_db()
    assert (customer.email, colleague.email) == ("ana@acme.example.com", "bruno@acme.example.com")


def test_the_link_works_once(customer_client, customer, deliver_outbox):
    ask_for(customer_client, customer, NEW)
    link = urlsplit(link_in(deliver_outbox()[0])).path
    customer_client.post(link)

    again = customer_client.post(link)

    assert again.status_code == 404
    assertContains(again, "Este link não funciona mais", status_code=404)


def test_the_link_expires_after_a_day(customer_client, customer, deliver_outbox):
    ask_for(customer_client, customer, NEW)
    link = urlsplit(link_in(deliver_outbox()[0])).path

    two_days_later = time.time() + timedelta(days=2).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=two_days_later):
        response = customer_client.post(link)

    assert response.status_code == 404
    customer.refresh_from_db()
    assert customer.email == "ana@acme.example.com"


def test_a_get_changes_nothing(customer_client, customer, deliver_outbox):
    ask_for(customer_client, customer, NEW)

    customer_client.get(urlsplit(link_in(deliver_outbox()[0])).path)

    customer.refresh_from_db()
    assert customer.email == "ana@acme.example.com"


def test_the_link_is_404_for_another_signed_in_account(client, customer, colleague, deliver_outbox):
    client.force_login(customer)
    ask_for(client, customer, NEW)
    link = urlsplit(link_in(deliver_outbox()[0])).path
    client.force_login(colleague)

    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    colleague.refresh_from_db()
    assert colleague.email == "bruno@acme.example.com"


def test_the_link_needs_a_sign_in(client, customer, deliver_outbox):
    client.force_login(customer)
    ask_for(client, customer, NEW)
    link = urlsplit(link_in(deliver_outbox()[0])).path
    client.logout()

    response = client.get(link)

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_a_tampered_link_is_404(customer_client, customer, deliver_outbox):
    ask_for(customer_client, customer, NEW)
    link = urlsplit(link_in(deliver_outbox()[0])).path

    assert customer_client.post(link.replace("nova", "evil", 1)[:-3] + "xx/").status_code == 404


def test_an_address_taken_before_confirming_is_refused(customer_client, customer, deliver_outbox):
    ask_for(customer_client, customer, NEW)
    link = urlsplit(link_in(deliver_outbox()[0])).path
    UserFactory(email=NEW)

    assert customer_client.post(link).status_code == 404
    customer.refresh_from_db()
    assert customer.email == "ana@acme.example.com"


def test_username_changes_are_rate_limited(customer_client, customer, colleague):
    answers = []
    for n in range(5):
        response = customer_client.post(
            PROFILE_URL, details(customer, username="bruno" if n % 2 else f"ana{n}")
        )
        answers.append(response.status_code)
        customer.refresh_from_db()

    sixth = customer_client.post(PROFILE_URL, details(customer, username="ana-final"))

    assert answers == [302, 200, 302, 200, 302]  # "bruno" is taken: usernames may say so
    assertContains(sixth, "Muitas alterações de nome de usuário")
    customer.refresh_from_db()
    assert customer.username == "ana4"
    # Other details still save while the username waits.
    assert customer_client.post(PROFILE_URL, details(customer, first_name="Ana Maria")).status_code == 302
