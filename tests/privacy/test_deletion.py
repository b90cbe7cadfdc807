""" "Excluir minha conta": asked with the password, approved by staff in the admin; approval
anonymizes the person (name, e-mail, username, photo, sign-in history) and keeps the tickets'
text under "Cliente removido"; sessions end; everything is in the privacy log. And the public
privacy page staff write."""

import pytest
from allauth.usersessions.models import UserSession
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains

from privacy.models import DeletionRequest, PrivacyEvent, PrivacyNotice
from tests.factories import TEST_PASSWORD
from tests.helpers import default_sector, png_bytes
from tickets.models import Message, Ticket
from tickets.services import ticket_open

pytestmark = pytest.mark.django_db

ASK_URL = reverse("privacy:deletion_request")
REQUESTS_URL = reverse("admin:privacy_deletionrequest_changelist")


def signed_in(login="ana"):
    client = Client(headers={"user-agent": "Firefox"}, REMOTE_ADDR="198.51.100.7")
    client.post(reverse("account_login"), {"login": login, "password": TEST_PASSWORD})
    return client


def test_asking_needs_the_password_and_records_one_request(customer):
    client = signed_in()

    wrong = client.post(ASK_URL, {"password": "errada"})
    assert wrong.status_code == 200 and not DeletionRequest.objects.exists()
    assertContains(wrong, "Senha incorreta.")

    client.post(ASK_URL, {"password": TEST_PASSWORD, "reason": "Saí da empresa"})
    client.post(ASK_URL, {"password": TEST_PASSWORD})  # a double click

    request = DeletionRequest.objects.get()
    assert (request.user, request.status, request.reason) == (customer, "pending", "Saí da empresa")
    assertContains(client.get(reverse("privacy:home")), "Sua solicitação está com a nossa equipe.")
    customer.refresh_from_db()
    assert customer.is_active  # nothing happens until the team decides


def test_approval_anonymizes_the_person_keeps_the_tickets_and_ends_sessions(customer, staff_client):
    ticket = ticket_open(
        customer=customer, sector=default_sector(), subject="Boleto", description="Não chegou."
    )
    customer.avatar.save("foto.png", ContentFile(png_bytes()), save=True)
    photo_storage, photo_name = customer.avatar.storage, customer.avatar.name
    laptop = signed_in()
    laptop.post(ASK_URL, {"password": TEST_PASSWORD})
    request = DeletionRequest.objects.get()

    response = staff_client.post(
        REQUESTS_URL, {"action": "approve", "_selected_action": [request.pk]}, follow=True
    )

    assertContains(response, "1 pessoa anonimizada.")
    customer.refresh_from_db()
    assert (customer.first_name, customer.last_name, customer.email) == ("Cliente", "removido", "")
    assert customer.username == f"removido-{customer.pk}"
    assert not customer.is_active and not customer.has_usable_password()
    assert not customer.avatar and not photo_storage.exists(photo_name)
    assert not UserSession.objects.filter(user=customer).exists()  # the IPs go with them
    assert laptop.get(reverse("dashboard")).status_code == 302  # signed out
    # The ticket and its text stay, under "Cliente removido".
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert Message.objects.get(ticket=ticket).body == "Não chegou."
    assertContains(
        staff_client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk])), "Cliente removido"
    )
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by is not None
    kinds = set(PrivacyEvent.objects.values_list("kind", flat=True))
    assert {"deletion_requested", "deletion_approved"} <= kinds
    assert set(PrivacyEvent.objects.values_list("user_label", flat=True)) == {f"removido-{customer.pk}"}


def test_the_old_email_and_username_no_longer_sign_in(customer, staff_client):
    signed_in().post(ASK_URL, {"password": TEST_PASSWORD})
    staff_client.post(
        REQUESTS_URL, {"action": "approve", "_selected_action": [DeletionRequest.objects.get().pk]}
    )

    for login in ("ana", "ana@acme.example.com"):
        visitor = Client()
        visitor.post(reverse("account_login"), {"login": login, "password": TEST_PASSWORD})
        assert "_auth_user_id" not in visitor.session


def test_approving_twice_does_nothing_more(customer, staff_client):
    signed_in().post(ASK_URL, {"password": TEST_PASSWORD})
    pk = DeletionRequest.objects.get().pk
    staff_client.post(REQUESTS_URL, {"action": "approve", "_selected_action": [pk]})

    again = staff_client.post(REQUESTS_URL, {"action": "approve", "_selected_action": [pk]}, follow=True)

    assertContains(again, "0 pessoa anonimizada.")
    assert PrivacyEvent.objects.filter(kind="deletion_approved").count() == 1


def test_refusing_keeps_the_account_and_is_logged(customer, staff_client):
    signed_in().post(ASK_URL, {"password": TEST_PASSWORD})
    request = DeletionRequest.objects.get()

    staff_client.post(REQUESTS_URL, {"action": "reject", "_selected_action": [request.pk]})

    request.refresh_from_db()
    customer.refresh_from_db()
    assert request.status == "rejected" and customer.is_active and customer.email == "ana@acme.example.com"
    assert PrivacyEvent.objects.filter(kind="deletion_rejected", user=customer).exists()


def test_the_privacy_log_is_read_only_in_the_admin(staff_client, customer):
    signed_in().post(ASK_URL, {"password": TEST_PASSWORD})
    event = PrivacyEvent.objects.get()

    assert staff_client.get(reverse("admin:privacy_privacyevent_changelist")).status_code == 200
    staff_client.post(reverse("admin:privacy_privacyevent_delete", args=[event.pk]), {"post": "yes"})
    assert PrivacyEvent.objects.filter(pk=event.pk).exists()


def test_privacy_page_is_public_linked_from_the_footer_and_written_by_staff(staff_client):
    client = Client()
    home = client.get(reverse("kb:home"))
    assertContains(home, f'href="{reverse("privacy_notice")}"')
    assertContains(client.get(reverse("privacy_notice")), "Privacidade")

    staff_client.post(
        reverse("admin:privacy_privacynotice_add"),
        {"body": "## O que guardamos\n\nSeu nome e <script>alert(1)</script> seus chamados."},
    )

    page = client.get(reverse("privacy_notice"))
    assertContains(page, "O que guardamos")
    assert "<script>alert(1)" not in page.content.decode()
    assert PrivacyNotice.objects.count() == 1
