"""Who the token is: link, e-mail match, auto-provision; the company always comes from the key.
Then the compact pages: search for the module, open a chamado with its origin recorded."""

import pytest
from django.urls import reverse

from accounts.models import User
from plugin.models import PersonLink
from tests.factories import OrganizationFactory, StaffFactory, UserFactory
from tests.helpers import default_sector
from tests.kb.factories import ArticleFactory
from tests.plugin.helpers import HOST, sign_in
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def signed_in_user(client):
    return User.objects.get(pk=client.session["_auth_user_id"])


def test_existing_customer_matched_by_email_is_linked(client, customer, token, integration):
    response = sign_in(client, token())

    assert response.status_code == 302 and response["Location"] == reverse("plugin:home")
    assert signed_in_user(client) == customer
    link = PersonLink.objects.get()
    assert (link.integration, link.subject, link.user) == (integration, "erp-user-42", customer)


def test_existing_link_wins_over_the_email_claim(client, customer, colleague, token, integration):
    PersonLink.objects.create(integration=integration, subject="erp-user-42", user=customer)

    sign_in(client, token(email=colleague.email))

    assert signed_in_user(client) == customer


def test_auto_provision_off_explains_who_to_ask(client, token, organization):
    response = sign_in(client, token(email="novo@acme.example.com"))

    assert response.status_code == 403
    assert 'data-reason="no_account"' in response.content.decode()
    assert not User.objects.filter(email="novo@acme.example.com").exists()


def test_auto_provision_on_creates_a_customer_of_the_keys_company(client, token, integration, organization):
    integration.auto_provision = True
    integration.save()

    sign_in(client, token(email="Novo.Cliente@acme.example.com", name="Novo Cliente", sub="u-77"))

    user = signed_in_user(client)
    assert (user.email.lower(), user.first_name, user.last_name) == (
        "novo.cliente@acme.example.com",
        "Novo",
        "Cliente",
    )
    assert user.organization == organization and not user.is_staff
    assert not user.has_usable_password()
    assert PersonLink.objects.get().subject == "u-77"


def test_another_companys_email_is_refused_even_with_auto_provision(client, token, integration):
    integration.auto_provision = True
    integration.save()
    rival = UserFactory(email="rival@rival.example.com", organization=OrganizationFactory())

    response = sign_in(client, token(email=rival.email))

    assert response.status_code == 403 and 'data-reason="other_company"' in response.content.decode()
    assert "_auth_user_id" not in client.session and not PersonLink.objects.exists()


def test_staff_email_is_refused(client, token):
    staff = StaffFactory(email="suporte@acme.example.com")
    response = sign_in(client, token(email=staff.email))
    assert 'data-reason="staff_account"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_inactive_user_is_refused_also_through_a_link(client, customer, token, integration):
    PersonLink.objects.create(integration=integration, subject="erp-user-42", user=customer)
    customer.is_active = False
    customer.save()
    response = sign_in(client, token())
    assert 'data-reason="inactive_user"' in response.content.decode()


def test_a_link_to_someone_who_changed_company_is_refused(client, customer, token, integration):
    PersonLink.objects.create(integration=integration, subject="erp-user-42", user=customer)
    customer.organization = OrganizationFactory()
    customer.save()
    response = sign_in(client, token())
    assert 'data-reason="other_company"' in response.content.decode()


def test_the_company_is_never_chosen_by_a_claim(client, customer, token):
    # Claims naming another company are ignored: only the key decides.
    sign_in(client, token(org="Rival Ltda", organization=999, company_id=999))
    assert signed_in_user(client).organization == customer.organization


@pytest.mark.parametrize("origin", ["https://evil.example.com", "", "http://erp.acme.example.com"])
def test_posts_from_other_origins_are_refused(client, customer, token, origin):
    response = sign_in(client, token(), origin=origin)
    assert 'data-reason="origin"' in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "next_url", ["https://evil.example.com/", "//evil.example.com/x", "javascript:alert(1)"]
)
def test_next_off_site_is_refused(client, customer, token, next_url):
    response = sign_in(client, token(), next=next_url)
    assert response.status_code == 400 and 'data-reason="next"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_next_on_site_is_followed(client, customer, token):
    response = sign_in(client, token(), next="/plugin/chamado/")
    assert response["Location"] == "/plugin/chamado/"


def test_session_key_rotates_and_is_marked_as_plugin(client, customer, token, integration):
    client.get("/")
    client.cookies["sessionid"] = "x" * 32
    sign_in(client, token())
    assert client.session["plugin"]["integration"] == integration.pk
    assert client.cookies["sessionid"].value != "x" * 32


def test_popup_pages_keep_frame_ancestors_none(client, customer, token):
    sign_in(client, token())
    for url in ("/plugin/", "/plugin/chamado/"):
        response = client.get(url)
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY"


def test_home_suggests_articles_of_the_system_for_the_module(client, customer, token, integration):
    mine = ArticleFactory(
        category=integration.system, title="Faturamento: emissão de NF-e", body="Faturamento."
    )
    other = ArticleFactory(title="Faturamento no outro sistema", body="Faturamento.")
    sign_in(client, token())

    html = client.get(reverse("plugin:home")).content.decode()

    assert mine.get_absolute_url() in html and other.get_absolute_url() not in html
    assert client.get(reverse("plugin:home"), {"q": "emissao"}).content.decode().count(mine.title) == 1


def test_open_a_ticket_with_its_origin(client, customer, token, integration):
    sector = default_sector()
    sign_in(client, token())
    form = client.get(reverse("plugin:ticket_create")).content.decode()
    assert "Faturamento" in form and "Emissão de NF-e" in form and "8.2.1" in form

    response = client.post(
        reverse("plugin:ticket_create"),
        {
            "sector": sector.pk,
            "subject": "Erro ao emitir NF-e",
            "description": "Rejeição 539.",
            "client_token": "7d0c6f0e-9a53-4d3b-9a2c-0d5f5a1c2b3e",
            # Posted origin fields are ignored: the context comes from the verified token.
            "channel": "staff",
            "origin_module": "forjado",
        },
    )

    ticket = Ticket.objects.get()
    assert response["Location"] == reverse("plugin:ticket_sent", args=[ticket.number])
    assert (ticket.channel, ticket.integration, ticket.customer) == ("plugin", integration, customer)
    assert (ticket.origin_module, ticket.origin_screen, ticket.origin_version) == (
        "Faturamento",
        "Emissão de NF-e",
        "8.2.1",
    )
    assert ticket.origin_url == f"{HOST}/nfe/nova"
    sent = client.get(response["Location"]).content.decode()
    assert ticket.display_number in sent and ticket.get_absolute_url() in sent


def test_tickets_from_the_portal_say_so(customer_client):
    sector = default_sector()
    customer_client.post(
        "/chamados/novo/",
        {
            "sector": sector.pk,
            "subject": "Pelo portal",
            "description": "x",
            "client_token": "5d0c6f0e-9a53-4d3b-9a2c-0d5f5a1c2b3e",
        },
    )
    ticket = Ticket.objects.get()
    assert (ticket.channel, ticket.integration, ticket.origin_module) == ("portal", None, "")


def test_staff_see_the_origin_and_filter_by_channel_and_integration(
    client, staff_client, customer, token, integration
):
    from django.test import Client

    plugin_client = Client()
    sign_in(plugin_client, token())
    plugin_client.post(
        reverse("plugin:ticket_create"),
        {
            "sector": default_sector().pk,
            "subject": "Pelo plugin",
            "description": "x",
            "client_token": "6d0c6f0e-9a53-4d3b-9a2c-0d5f5a1c2b3e",
        },
    )
    ticket = Ticket.objects.get()

    change = staff_client.get(reverse("admin:tickets_ticket_change", args=[ticket.pk])).content.decode()
    listed = staff_client.get(
        reverse("admin:tickets_ticket_changelist"), {"channel": "plugin"}
    ).content.decode()
    other = staff_client.get(
        reverse("admin:tickets_ticket_changelist"), {"channel": "email"}
    ).content.decode()

    assert "Emissão de NF-e" in change and "ERP da Acme" in change
    assert "Pelo plugin" in listed and "Pelo plugin" not in other
    by_integration = staff_client.get(
        reverse("admin:tickets_ticket_changelist"), {"integration__id__exact": integration.pk}
    )
    assert "Pelo plugin" in by_integration.content.decode()


def test_an_account_with_two_factor_gives_its_code_before_the_plugin_signs_it_in(client, customer, token):
    from django.urls import reverse as url

    from tests.factories import two_factor_enable
    from tests.helpers import totp_code

    two_factor_enable(customer)

    response = sign_in(client, token())

    assert response.status_code == 302 and response["Location"] == url("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(url("plugin:home")).status_code == 302  # not signed in yet

    done = client.post(url("mfa_authenticate"), {"code": totp_code()})

    assert done["Location"] == url("plugin:home")
    assert signed_in_user(client) == customer
    assert client.session["plugin"]["context"]["module"] == "Faturamento"
    assert client.get(url("plugin:home")).status_code == 200


def test_a_wrong_code_keeps_the_plugin_sign_in_out(client, customer, token):
    from django.urls import reverse as url

    from tests.factories import two_factor_enable

    two_factor_enable(customer)
    sign_in(client, token())

    response = client.post(url("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
