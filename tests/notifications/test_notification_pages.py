"""Notificações: the full page, opening one, marking read, and nobody else's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification

from .factories import NotificationFactory

pytestmark = pytest.mark.django_db


def unread(user) -> int:
    return Notification.objects.for_user(user).unread().count()


def main(response) -> str:
    """The page's own content, without the bell's dropdown in the header."""
    html = response.content.decode()
    return html[html.index('<main id="main"') : html.index("</main>")]


def test_pages_need_login(client, customer):
    notification = NotificationFactory(recipient=customer)
    for url in [reverse("notifications:list"), reverse("notifications:detail", args=[notification.pk])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    response = client.post(reverse("notifications:mark_read", args=[notification.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert unread(customer) == 1


def test_list_shows_only_my_notifications_with_unread_marked(customer_client, customer, colleague):
    NotificationFactory(recipient=customer, title="Nova resposta no chamado #1042")
    NotificationFactory(recipient=customer, title="Projeto finalizado", read_at=timezone.now())
    NotificationFactory(recipient=colleague, title="Só do Bruno")

    html = main(customer_client.get(reverse("notifications:list")))

    assert "Nova resposta no chamado #1042" in html
    assert "Projeto finalizado" in html
    assert "Só do Bruno" not in html
    assert html.count('data-testid="unread"') == 1
    assert html.count('data-testid="notification"') == 2


def test_list_filters_unread_and_read(customer_client, customer):
    NotificationFactory(recipient=customer, title="Ainda não li")
    NotificationFactory(recipient=customer, title="Já li", read_at=timezone.now())

    unread_page = main(customer_client.get(reverse("notifications:list"), {"status": "unread"}))
    read_page = main(customer_client.get(reverse("notifications:list"), {"status": "read"}))

    assert "Ainda não li" in unread_page and "Já li" not in unread_page
    assert "Já li" in read_page and "Ainda não li" not in read_page


def test_list_is_paginated_with_constant_queries(customer_client, customer, django_assert_max_num_queries):
    NotificationFactory.create_batch(3, recipient=customer)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        customer_client.get(reverse("notifications:list"))
    NotificationFactory.create_batch(60, recipient=customer)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = customer_client.get(reverse("notifications:list"), {"status": "unread", "page": 2})

    assert response.context["page_obj"].paginator.num_pages == 4
    assert "Página 2 de 4" in response.content.decode()
    assert "status=unread" in response.content.decode()  # the filter survives paging


def test_opening_marks_read_and_follows_the_link(customer_client, customer):
    notification = NotificationFactory(recipient=customer, link="/chamados/1042/")

    response = customer_client.post(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/chamados/1042/"
    notification.refresh_from_db()
    assert notification.is_read


def test_opening_without_a_link_shows_the_notification(customer_client, customer):
    notification = NotificationFactory(recipient=customer, link="", body="Linha 1\nhttps://example.com/doc")

    response = customer_client.post(reverse("notifications:open", args=[notification.pk]), follow=True)

    assert response.redirect_chain[-1][0] == notification.get_absolute_url()
    html = response.content.decode()
    assert "Linha 1<br>" in html
    assert '<a href="https://example.com/doc" rel="nofollow">' in html
    assert unread(customer) == 0


@pytest.mark.parametrize(
    "link",
    ["https://evil.example.com/", "//evil.example.com/x", "/\\evil.example.com", "javascript:alert(1)"],
)
def test_opening_never_redirects_outside_the_portal(customer_client, customer, link):
    # Written around notify()'s own check (e.g. by an older row or a bad import).
    notification = NotificationFactory(recipient=customer, link=link)

    response = customer_client.post(reverse("notifications:open", args=[notification.pk]))

    assert response.url == notification.get_absolute_url()
    assert link not in customer_client.get(response.url).content.decode()


def test_mark_one_read_returns_to_the_page(customer_client, customer):
    first, second = NotificationFactory.create_batch(2, recipient=customer)

    response = customer_client.post(
        reverse("notifications:mark_read", args=[first.pk]), {"next": "/notificacoes/?status=unread"}
    )

    assert response.url == "/notificacoes/?status=unread"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read and not second.is_read


def test_mark_read_next_cannot_leave_the_portal(customer_client, customer):
    notification = NotificationFactory(recipient=customer)

    response = customer_client.post(
        reverse("notifications:mark_read", args=[notification.pk]), {"next": "https://evil.example.com/"}
    )

    assert response.url == reverse("notifications:list")


def test_mark_all_read_touches_only_my_notifications(customer_client, customer, colleague):
    NotificationFactory.create_batch(3, recipient=customer)
    already = NotificationFactory(recipient=customer, read_at=timezone.now() - timezone.timedelta(days=2))
    NotificationFactory.create_batch(2, recipient=colleague)

    response = customer_client.post(reverse("notifications:mark_all_read"), follow=True)

    assert unread(customer) == 0
    assert unread(colleague) == 2
    already_read_at = already.read_at
    already.refresh_from_db()
    assert already.read_at == already_read_at
    assert "3 notificações marcadas como lidas." in response.content.decode()


@pytest.mark.parametrize("name", ["detail", "open", "mark_read"])
def test_another_users_notification_is_a_404(customer_client, colleague, name):
    notification = NotificationFactory(recipient=colleague)

    url = reverse(f"notifications:{name}", args=[notification.pk])
    response = customer_client.get(url) if name == "detail" else customer_client.post(url)

    assert response.status_code == 404
    notification.refresh_from_db()
    assert not notification.is_read


def test_e_mail_link_of_another_users_batch_is_a_404(customer_client, colleague):
    import uuid

    notification = NotificationFactory(recipient=colleague, batch=uuid.uuid4())

    response = customer_client.get(reverse("notifications:by_batch", args=[notification.batch]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["open", "mark_read", "mark_all_read"])
def test_get_cannot_change_state(customer_client, customer, name):
    notification = NotificationFactory(recipient=customer, link="/chamados/")
    args = [] if name == "mark_all_read" else [notification.pk]

    response = customer_client.get(reverse(f"notifications:{name}", args=args))

    assert response.status_code == 405
    assert unread(customer) == 1


def test_viewing_a_notification_does_not_mark_it_read(customer_client, customer):
    notification = NotificationFactory(recipient=customer, link="/chamados/1/")

    response = customer_client.get(notification.get_absolute_url())

    html = response.content.decode()
    assert notification.title in html
    assert reverse("notifications:open", args=[notification.pk]) in html
    assert "Marcar como lida" in html
    assert unread(customer) == 1


def test_mark_read_requires_csrf(client, customer):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(customer)
    notification = NotificationFactory(recipient=customer)

    response = csrf_client.post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.status_code == 403
    assert unread(customer) == 1


def test_dashboard_shows_recent_activity(customer_client, customer, colleague):
    NotificationFactory(recipient=customer, title="Lida há tempos", read_at=timezone.now())
    NotificationFactory(recipient=customer, title="Manutenção no sábado")
    NotificationFactory(recipient=colleague, title="Do colega")

    html = customer_client.get(reverse("dashboard")).content.decode()

    panel = html[html.index('id="panel-activity"') :]
    panel = panel[: panel.index("</section>")]
    assert "Atividade recente" in panel and "1 não lida" in panel
    assert panel.index("Manutenção no sábado") < panel.index("Lida há tempos")  # newest first, read or not
    assert "Do colega" not in panel
    assert reverse("notifications:activity") in panel
