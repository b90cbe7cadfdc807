"""The bell on every logged-in page: unread count, latest notifications, one query."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def bell_count(response) -> str | None:
    match = re.search(r'data-testid="bell-count">(\d+)<', response.content.decode())
    return match.group(1) if match else None


def test_unread_count_is_correct_and_isolated_per_user(client, customer, colleague):
    NotificationFactory.create_batch(3, recipient=customer)
    NotificationFactory(recipient=customer, read_at=timezone.now())
    NotificationFactory.create_batch(5, recipient=colleague)

    client.force_login(customer)
    response = client.get(reverse("accounts:profile"))
    assert bell_count(response) == "3"
    assert "Notificações: 3 não lidas" in response.content.decode()

    client.force_login(colleague)
    assert bell_count(client.get(reverse("accounts:profile"))) == "5"


def test_no_badge_when_everything_is_read(customer_client, customer):
    NotificationFactory(recipient=customer, read_at=timezone.now())

    response = customer_client.get(reverse("accounts:profile"))

    assert bell_count(response) is None
    assert "Notificações: nenhuma não lida" in response.content.decode()


def test_dropdown_lists_the_latest_with_see_all_and_mark_all(customer_client, customer, colleague):
    NotificationFactory(recipient=customer, title="Antiga")
    for i in range(5):
        NotificationFactory(recipient=customer, title=f"Recente {i}")
    NotificationFactory(recipient=colleague, title="De outra pessoa")

    html = customer_client.get(reverse("accounts:profile")).content.decode()

    bell = html[html.index("data-bell-menu") : html.index("</details>", html.index("data-bell-menu"))]
    assert all(f"Recente {i}" in bell for i in range(5))
    assert "Antiga" not in bell  # only the latest five
    assert "De outra pessoa" not in bell
    assert "Ver todas" in bell and reverse("notifications:list") in bell
    assert "Marcar todas como lidas" in bell and reverse("notifications:mark_all_read") in bell


def test_the_bell_adds_at_most_one_query_to_a_page(client, customer, settings, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(customer)
    url = reverse("accounts:profile")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    templates = settings.TEMPLATES
    without_bell = [
        {
            **templates[0],
            "OPTIONS": {
                **templates[0]["OPTIONS"],
                "context_processors": [
                    cp
                    for cp in templates[0]["OPTIONS"]["context_processors"]
                    if cp != "notifications.context_processors.bell"
                ],
            },
        }
    ]
    settings.TEMPLATES = without_bell
    baseline = queries()
    settings.TEMPLATES = templates

    assert queries() <= baseline + 1
    NotificationFactory.create_batch(30, recipient=customer)
    NotificationFactory.create_batch(10, recipient=customer, read_at=timezone.now())
    with django_assert_max_num_queries(baseline + 1):
        response = client.get(url)
    assert bell_count(response) == "30"


def test_anonymous_pages_have_no_bell(client):
    response = client.get(reverse("account_login"))
    assert "data-bell-menu" not in response.content.decode()
