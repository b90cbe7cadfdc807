"""Atividade recente: one timeline of what happened to the customer's tickets, projects, ideas
and the team's notices, read from their notifications: newest first, by day, one kind at a
time if asked, paginated, in a constant number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db

URL = reverse("notifications:activity")


def main(response) -> str:
    """The page's own content (the bell in the header lists notifications too)."""
    return response.content.decode().split('id="main"', 1)[1]


def at(notification, when):
    Notification.objects.filter(pk=notification.pk).update(created_at=when)


def test_the_timeline_is_newest_first_grouped_by_day_and_links_to_each_object(
    customer_client, customer, colleague
):
    now = timezone.now()
    old = NotificationFactory(
        recipient=customer, kind="project", title="Etapa concluída", link="/projetos/1/"
    )
    new = NotificationFactory(
        recipient=customer, kind="ticket", title="Nova resposta no chamado #1042", link="/chamados/1042/"
    )
    at(old, now - timedelta(days=3))
    NotificationFactory(recipient=colleague, title="Do colega")

    response = customer_client.get(URL)

    html = main(response)
    assert response.status_code == 200
    assert html.index("Nova resposta no chamado #1042") < html.index("Etapa concluída")
    assert html.count('class="h6 text-body-secondary mt-3"') == 2  # two days
    assert "Do colega" not in html
    assert reverse("notifications:open", args=[new.pk]) in html


def test_one_kind_at_a_time(customer_client, customer):
    NotificationFactory(recipient=customer, kind="idea", title="Sua ideia foi planejada")
    NotificationFactory(recipient=customer, kind="ticket", title="Chamado resolvido")

    html = main(customer_client.get(URL, {"tipo": "idea"}))

    assert "Sua ideia foi planejada" in html and "Chamado resolvido" not in html
    assert 'aria-current="page">Ideia' in html
    # An unknown kind shows everything rather than an error.
    assert "Chamado resolvido" in main(customer_client.get(URL, {"tipo": "nada"}))


def test_empty_timeline_says_what_will_appear(customer_client):
    assert "aparecerão aqui" in customer_client.get(URL).content.decode()


@pytest.mark.parametrize("rows", [5, 60])
def test_constant_queries(customer_client, customer, django_assert_max_num_queries, rows):
    NotificationFactory.create_batch(rows, recipient=customer)
    with django_assert_max_num_queries(4):  # session+person, bell, count, page
        response = customer_client.get(URL, {"page": 2 if rows > 20 else 1})
    assert response.status_code == 200


def test_signed_out_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("account_login") in response.url
