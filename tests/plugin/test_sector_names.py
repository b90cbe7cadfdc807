"""The plugin's Abrir chamado offers the sectors in the reader's language (see
tests/tickets/test_sector_names.py for the portal's pages)."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.plugin.helpers import sign_in
from tests.tickets.factories import SectorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "shown", "hidden"), [("en", "Billing", "Financeiro"), ("pt-br", "Financeiro", "Billing")]
)
def test_the_plugin_form_offers_the_sector_in_the_readers_language(
    client, customer, token, language, shown, hidden
):
    SectorFactory(name="Financeiro", name_en="Billing")
    sign_in(client, token())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(reverse("plugin:ticket_create")).content.decode()
    assert shown in html and hidden not in html
