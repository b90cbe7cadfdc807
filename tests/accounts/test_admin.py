"""Staff manage customers in the Django admin: lists, filters, search, the first-access invite."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from notifications.models import OutboundEmail
from tests.factories import OrganizationFactory, UserFactory
from tests.helpers import totp_code

pytestmark = pytest.mark.django_db

USERS_URL = reverse("admin:accounts_user_changelist")


@pytest.fixture
def people(organization, customer, colleague, stranger, staff):
    retired = UserFactory(username="antigo", email="antigo@acme.example.com", organization=organization)
    retired.is_active = False
    retired.save()
    return {"ana": customer, "bruno": colleague, "outro": stranger, "equipe": staff, "antigo": retired}


def listed_usernames(response) -> set[str]:
    return set(
        re.findall(r'<th class="field-username"><a href="[^"]+">([^<]+)</a>', response.content.decode())
    )


def test_staff_see_the_user_list(staff_client, people):
    response = staff_client.get(USERS_URL)

    assert response.status_code == 200
    assert listed_usernames(response) == set(people)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"is_active__exact": "0"}, {"antigo"}),
        ({"is_staff__exact": "1"}, {"equipe"}),
        ({"q": "bruno@acme"}, {"bruno"}),
        ({"q": "Ana"}, {"ana"}),
        ({"q": "outro"}, {"outro"}),
    ],
)
def test_user_list_filters_and_search(staff_client, people, query, expected):
    assert listed_usernames(staff_client.get(USERS_URL, query)) == expected


def test_user_list_filters_by_organization(staff_client, people, organization):
    response = staff_client.get(USERS_URL, {"organization__id__exact": organization.pk})

    assert listed_usernames(response) == {"ana", "bruno", "antigo"}


def test_user_list_query_count_does_not_grow_with_users(staff_client, people, django_assert_max_num_queries):
    with django_assert_max_num_queries(20) as small:
        staff_client.get(USERS_URL)
    org = OrganizationFactory()
    UserFactory.create_batch(30, organization=org)
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(USERS_URL)


def test_organization_admin_lists_and_searches_companies(staff_client, organization):
    OrganizationFactory(name="Rival S.A.")
    url = reverse("admin:accounts_organization_changelist")

    response = staff_client.get(url, {"q": "Acme"})

    assertContains(response, "Acme Ltda")
    assertNotContains(response, "Rival S.A.")


def test_first_access_invite_lets_the_customer_set_a_password(client, staff, deliver_outbox, settings):
    newcomer = UserFactory(
        username="joana", email="joana@cliente.example.com", first_name="Joana", password=None
    )
    client.force_login(staff)

    response = client.post(
        USERS_URL, {"action": "send_first_access_invite", "_selected_action": [newcomer.pk]}, follow=True
    )

    assertContains(response, "Convite de primeiro acesso enviado para 1 usuário.")
    mails = deliver_outbox()
    assert len(mails) == 1
    assert mails[0].to == ["joana@cliente.example.com"]
    assert mails[0].subject == "Seu acesso ao Portal do Cliente"
    link = re.search(r"https?://\S+", mails[0].body).group(0)
    assert link.startswith(settings.SITE_URL + "/conta/password/reset/key/")

    # The customer, in another browser, follows the link and chooses a password.
    client.logout()
    form_page = client.get(urlsplit(link).path, follow=True)
    assertContains(form_page, "Defina sua nova senha")
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "Convite-Aceito-2026", "password2": "Convite-Aceito-2026"},
    )
    client.post(reverse("account_login"), {"login": "joana", "password": "Convite-Aceito-2026"})
    assert client.session[SESSION_KEY] == str(newcomer.pk)


def test_first_access_invite_skips_inactive_users_and_users_without_email(staff_client, organization):
    ok = UserFactory(organization=organization, password=None)
    inactive = UserFactory(organization=organization, password=None, is_active=False)
    no_email = UserFactory(organization=organization, password=None, email="")

    response = staff_client.post(
        USERS_URL,
        {"action": "send_first_access_invite", "_selected_action": [ok.pk, inactive.pk, no_email.pk]},
        follow=True,
    )

    assertContains(response, "Convite de primeiro acesso enviado para 1 usuário.")
    assertContains(response, "2 usuários foram ignorados: inativos ou sem e-mail.")
    assert list(OutboundEmail.objects.values_list("to_email", flat=True)) == [ok.email]


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


def test_anonymous_admin_ends_on_allauth_login(client):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assertContains(response, "Acessar a minha conta")


def test_staff_signs_in_to_the_admin_through_allauth(client, staff):
    login_page = client.get(reverse("admin:index"), follow=True)
    next_url = login_page.context["redirect_field_value"]

    second_step = client.post(
        reverse("account_login"), {"login": "equipe", "password": "s3nha-Forte-2026", "next": next_url}
    )
    # Staff always have a second factor: the code step comes before the admin.
    assert second_step["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] in (reverse("admin:index"), reverse("admin:login"))
    assertContains(response, "Portal do Cliente: equipe")


def test_customers_cannot_use_the_admin(customer_client):
    assert customer_client.get(reverse("admin:login")).status_code == 403
    assert customer_client.get(USERS_URL).status_code == 302  # the admin sends non-staff to its login
    assert customer_client.get(USERS_URL, follow=True).status_code == 403


def test_staff_add_a_customer_without_a_password(staff_client, organization):
    response = staff_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "novo",
            "email": "Novo@Cliente.example.com",
            "first_name": "Novo",
            "last_name": "Cliente",
            "organization": organization.pk,
            "usable_password": "false",
            "password1": "",
            "password2": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    from accounts.models import User

    user = User.objects.get(username="novo")
    assert user.email == "novo@cliente.example.com"
    assert not user.has_usable_password()
    assert user.organization == organization
