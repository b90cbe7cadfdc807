"""Lists count their rows only a few pages ahead of the page asked for: the count costs the same
with 200 tickets or 50,000, and the pager says "de N ou mais" when there is more beyond."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from portal.pagination import PAGES_AHEAD
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = reverse("notifications:list")


@pytest.fixture
def small_pages(settings):
    settings.PAGE_SIZES = {**settings.PAGE_SIZES, "notifications": 2}


def count_query(captured) -> str:
    return next(q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper())


def test_a_long_list_is_counted_only_a_window_ahead(customer_client, customer, small_pages):
    NotificationFactory.create_batch(2 * (PAGES_AHEAD + 5), recipient=customer)
    with CaptureQueriesContext(connection) as captured:
        response = customer_client.get(URL)
    assert f"LIMIT {2 * (PAGES_AHEAD + 1) + 1}" in count_query(captured)
    assert f"Página 1 de {PAGES_AHEAD + 1} ou mais" in response.content.decode()


def test_every_page_stays_reachable_and_the_end_is_exact(customer_client, customer, small_pages):
    total = 2 * (PAGES_AHEAD + 5)
    NotificationFactory.create_batch(total, recipient=customer)
    last = total // 2
    html = customer_client.get(URL, {"page": last}).content.decode()
    assert f"Página {last} de {last}<" in html and "ou mais" not in html
    assert len(html.split('data-testid="notification"')) - 1 == 2
    # Past the end: the last page, as before.
    assert f"Página {last} de {last}<" in customer_client.get(URL, {"page": 999}).content.decode()


def test_a_short_list_is_counted_exactly(customer_client, customer, small_pages):
    NotificationFactory.create_batch(5, recipient=customer)
    html = customer_client.get(URL, {"page": 2}).content.decode()
    assert "Página 2 de 3<" in html and "ou mais" not in html
    assert Notification.objects.count() == 5
