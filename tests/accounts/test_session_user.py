"""The session and the signed-in person come from one query (accounts.sessions, portal.auth),
and nothing about who may stay signed in changed."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

USER_BY_ID = re.compile(r'FROM "accounts_user" WHERE "accounts_user"\."id" =')
ORGANIZATION_BY_ID = re.compile(r'FROM "accounts_organization" WHERE "accounts_organization"\."id" =')


def test_the_session_query_brings_the_person_and_the_company(client):
    customer = UserFactory()
    client.force_login(customer)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("tickets:list"))
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert (
        'FROM "accounts_session"' in sql[0]
        and '"accounts_user"' in sql[0]
        and '"accounts_organization"' in sql[0]
    )
    assert not [q for q in sql if USER_BY_ID.search(q) or ORGANIZATION_BY_ID.search(q)]


def test_the_session_row_names_its_person_only_while_signed_in(client):
    customer = UserFactory()
    client.force_login(customer)
    key = client.cookies["sessionid"].value
    assert Session.objects.get(session_key=key).user == customer
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert not Session.objects.filter(user=customer).exists()


def test_a_deactivated_person_is_signed_out_on_the_next_page(client):
    customer = UserFactory()
    client.force_login(customer)
    type(customer).objects.filter(pk=customer.pk).update(is_active=False)
    response = client.get(reverse("tickets:list"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_a_password_changed_elsewhere_ends_this_session(client):
    customer = UserFactory()
    client.force_login(customer)
    customer.set_password("0utra-Senha-Nova-2026")
    customer.save()
    response = client.get(reverse("tickets:list"))
    assert response.status_code == 302 and reverse("account_login") in response.url


def test_a_session_whose_row_names_someone_else_uses_the_session_data(client):
    """The preloaded person is only used when it is the one the session's data names."""
    customer, other = UserFactory(), UserFactory()
    client.force_login(customer)
    Session.objects.filter(session_key=client.cookies["sessionid"].value).update(user=other)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert response.context["user"] == customer
