"""Sectors have an optional English name: customers reading in English see it wherever the
sector shows (Abrir chamado, the plugin's form, the list's filter and rows, the ticket page,
the e-mails); without one, or reading in Portuguese, they see the Portuguese name."""

import pytest
from django.conf import settings
from django.urls import reverse

from notifications.models import OutboundEmail
from tickets.models import Ticket

from .factories import SectorFactory, TicketFactory
from .test_open_ticket import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing(db):
    return SectorFactory(name="Financeiro", name_en="Billing")


@pytest.fixture
def untranslated(db):
    return SectorFactory(name="Comercial")


def read_in(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "shown", "hidden"), [("en", "Billing", "Financeiro"), ("pt-br", "Financeiro", "Billing")]
)
def test_customer_pages_show_the_sector_in_the_readers_language(
    customer_client, customer, billing, untranslated, language, shown, hidden
):
    ticket = TicketFactory(customer=customer, sector=billing)
    read_in(customer_client, language)

    pages = [
        customer_client.get(reverse("tickets:create")),  # the dropdown
        customer_client.get(reverse("tickets:list")),  # the filter and the row
        customer_client.get(ticket.get_absolute_url()),
    ]
    for response in pages:
        html = response.content.decode()
        assert shown in html, response.request["PATH_INFO"]
        assert hidden not in html, response.request["PATH_INFO"]


@pytest.mark.parametrize("language", ["en", "pt-br"])
def test_without_an_english_name_the_portuguese_one_shows(customer_client, customer, untranslated, language):
    ticket = TicketFactory(customer=customer, sector=untranslated)
    read_in(customer_client, language)
    for url in (reverse("tickets:create"), reverse("tickets:list"), ticket.get_absolute_url()):
        assert "Comercial" in customer_client.get(url).content.decode(), url


def test_the_list_filter_offers_both_names_by_language(customer_client, billing, untranslated):
    html = read_in(customer_client, "en").get(reverse("tickets:list")).content.decode()
    assert f'<option value="{billing.pk}">Billing</option>' in html
    assert f'<option value="{untranslated.pk}">Comercial</option>' in html


def test_the_confirmation_email_names_the_sector_in_the_customers_language(
    customer_client, customer, billing
):
    customer.language = "en"
    customer.save()
    read_in(customer_client, "en").post(reverse("tickets:create"), form_data(billing))

    email = OutboundEmail.objects.get(to_user=customer)
    assert "Billing" in email.body_text and "Financeiro" not in email.body_text


def test_admin_edits_both_names(staff_client, billing):
    html = staff_client.get(reverse("admin:tickets_sector_change", args=[billing.pk])).content.decode()
    assert 'name="name"' in html and 'name="name_en"' in html
    changelist = staff_client.get(reverse("admin:tickets_sector_changelist")).content.decode()
    assert "Billing" in changelist and "Financeiro" in changelist


def test_choosing_by_the_english_name_opens_the_ticket_in_that_sector(customer_client, customer, billing):
    response = read_in(customer_client, "en").post(reverse("tickets:create"), form_data(billing))
    assert response.status_code == 302
    assert Ticket.objects.get(customer=customer).sector == billing
