"""No view that redirects can be made to leave the portal through `next` (or a stored link)."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import TEST_PASSWORD
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example.com/",
    "//evil.example.com/",
    "///evil.example.com/",
    "/\\evil.example.com/",
    "\\\\evil.example.com/",
    "https:/\\evil.example.com/",
    "http:evil.example.com",
    " //evil.example.com/",
    "\t//evil.example.com/",
    "http://testserver@evil.example.com/",
    "javascript:alert(document.domain)",
    "data:text/html,<script>alert(1)</script>",
]


def assert_stays(response):
    """No redirect, or one to a path of this site (its query may carry a refused value back
    to a form, which checks it again)."""
    assert response.status_code in (200, 302, 303), response.status_code
    location = response.get("Location", "")
    path = location.split("?")[0]
    assert path == "" or (path.startswith("/") and not path.startswith(("//", "/\\"))), location


@pytest.mark.parametrize("target", EVIL)
def test_post_forms_with_next(customer_client, customer, target):
    from tests.ideas.factories import IdeaFactory

    idea = IdeaFactory()
    mine = NotificationFactory(recipient=customer)
    NotificationFactory(recipient=customer)
    for url, data in [
        (reverse("notifications:mark_read", args=[mine.pk]), {}),
        (reverse("notifications:mark_all_read"), {}),
        (reverse("ideas:vote", args=[idea.pk]), {"voted": "1"}),
        (reverse("ideas:rate", args=[idea.pk]), {"score": "4"}),
        (reverse("accounts:set_language"), {"language": "pt-br"}),
    ]:
        response = customer_client.post(url, {**data, "next": target}, HTTP_REFERER=target)
        assert_stays(response)


@pytest.mark.parametrize("target", EVIL)
def test_login_next(client, customer, target):
    # allauth carries `next` through the form (escaped) and checks it when redirecting.
    response = client.post(
        reverse("account_login"), {"login": "ana", "password": TEST_PASSWORD, "next": target}
    )
    assert_stays(response)
    assert response["Location"] == reverse("dashboard")


@pytest.mark.parametrize("target", EVIL)
def test_logout_next(customer_client, target):
    response = customer_client.post(reverse("account_logout"), {"next": target})
    assert_stays(response)


@pytest.mark.parametrize("target", EVIL[:4])
def test_admin_login_next_ends_in_the_admin(client, staff, target):
    response = client.get("/admin/login/", {"next": target})
    assert_stays(response)
    client.force_login(staff)
    response = client.get("/admin/login/", {"next": target})
    assert_stays(response)
    assert response["Location"] == reverse("admin:index")


@pytest.mark.parametrize("link", ["https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com/"])
def test_a_stored_notification_link_cannot_leave_the_portal(customer_client, customer, link):
    # Written past the validators (as a bug or a raw SQL import could).
    notification = NotificationFactory(recipient=customer)
    Notification.objects.filter(pk=notification.pk).update(link=link)

    response = customer_client.post(reverse("notifications:open", args=[notification.pk]))

    assert_stays(response)
    assert response["Location"] == notification.get_absolute_url()


def test_login_required_next_is_a_path_of_the_portal(client):
    response = client.get("/chamados/?x=https://evil.example.com/")
    assert response["Location"].startswith(reverse("account_login") + "?next=/chamados/")


def test_next_never_downgrades_https_to_http(customer_client, customer):
    from tests.ideas.factories import IdeaFactory

    idea = IdeaFactory()
    mine = NotificationFactory(recipient=customer)
    for url, data in [
        (reverse("notifications:mark_read", args=[mine.pk]), {}),
        (reverse("notifications:mark_all_read"), {}),
        (reverse("ideas:vote", args=[idea.pk]), {"voted": "1"}),
        (reverse("ideas:rate", args=[idea.pk]), {"score": "4"}),
    ]:
        response = customer_client.post(url, {**data, "next": "http://testserver/painel/"}, secure=True)
        assert not response["Location"].startswith("http:"), url
        same_site = customer_client.post(url, {**data, "next": "/painel/"}, secure=True)
        assert same_site["Location"] == "/painel/"
