"""The team in the admin: a ticket opened on a customer's behalf, canned replies in the reply
form (with and without JavaScript), the satisfaction rating on the ticket and its summary per
sector and per assignee, and followers added by the team (same company only)."""

import pytest
from django.urls import reverse

from notifications.models import OutboundEmail
from tests.factories import StaffFactory, UserFactory
from tickets.models import CannedReply, Message, Satisfaction, Ticket, TicketFollower

from .factories import TicketFactory
from .test_staff_admin import admin_form, change_url

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/tickets/ticket/add/"


def test_staff_open_a_ticket_on_behalf_of_a_customer(staff_client, staff, customer, support, deliver_outbox):
    page = staff_client.get(ADD_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Telefone" in html and "Ana Souza" in html

    response = staff_client.post(
        ADD_URL,
        {
            "customer": customer.pk,
            "channel": "phone",
            "sector": support.pk,
            "subject": "Ligou: boleto não chega",
            "description": "Cliente ligou dizendo que o boleto de março não chegou.",
        },
    )

    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert (ticket.customer, ticket.channel, ticket.sector, ticket.status) == (
        customer,
        "phone",
        support,
        "new",
    )
    assert ticket.organization == customer.organization
    first = ticket.messages.get()
    assert first.author == staff and not first.internal
    sent = deliver_outbox()
    confirmation = [m for m in sent if m.to == [customer.email]]
    assert len(confirmation) == 1
    assert f"#{ticket.number}" in confirmation[0].subject
    assert "Carla Mendes, da nossa equipe, abriu o chamado" in confirmation[0].body
    assert any(m.to == [support.email] for m in sent)


def test_the_customer_sees_it_as_unread_in_her_list(staff_client, customer, support, client):
    staff_client.post(
        ADD_URL,
        {
            "customer": customer.pk,
            "channel": "staff",
            "sector": support.pk,
            "subject": "Visita",
            "description": "X",
        },
    )
    client.force_login(customer)
    html = client.get(reverse("tickets:list")).content.decode()
    assert "Visita" in html
    assert 'data-testid="unread"' in html


def test_on_behalf_refuses_staff_as_customer_and_the_portal_channels(staff_client, support):
    other_staff = StaffFactory(username="outra")
    for data in (
        {"customer": other_staff.pk, "channel": "phone"},
        {"customer": UserFactory().pk, "channel": "plugin"},
    ):
        response = staff_client.post(
            ADD_URL, {**data, "sector": support.pk, "subject": "Teste", "description": "Texto"}
        )
        assert response.status_code == 200
    assert not Ticket.objects.exists()
    assert not OutboundEmail.objects.exists()


@pytest.fixture
def canned(support, finance):
    return {
        "support": CannedReply.objects.create(
            title="Reiniciar", body="Reinicie o sistema e tente de novo.", sector=support
        ),
        "all": CannedReply.objects.create(title="Saudação", body="Olá! Obrigado pelo contato."),
        "finance": CannedReply.objects.create(title="Boleto", body="Segue a segunda via.", sector=finance),
        "inactive": CannedReply.objects.create(title="Antiga", body="Texto antigo", is_active=False),
    }


def test_reply_form_offers_the_sectors_canned_replies(staff_client, ticket, canned):
    html = staff_client.get(change_url(ticket)).content.decode()
    assert "Reiniciar" in html and "Saudação" in html
    assert "Boleto" not in html and "Antiga" not in html
    assert 'data-body="Reinicie o sistema e tente de novo."' in html
    assert "js/tickets_admin.js" in html


def test_insert_without_javascript_fills_the_text_and_saves_nothing(staff_client, ticket, canned):
    response = staff_client.post(
        change_url(ticket),
        admin_form(ticket, reply_body="Oi Ana,", canned_reply=canned["support"].pk, _insert_canned="1"),
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form["reply_body"].value() == "Oi Ana,\n\nReinicie o sistema e tente de novo."
    html = response.content.decode()
    assert "errornote" not in html
    assert "revise e envie" in html
    assert ticket.messages.count() == 1

    # Then "Save" sends it as any reply.
    staff_client.post(change_url(ticket), admin_form(ticket, reply_body=form["reply_body"].value()))
    assert ticket.messages.order_by("-pk").first().body == "Oi Ana,\n\nReinicie o sistema e tente de novo."


def test_insert_of_another_sectors_reply_is_refused(staff_client, ticket, canned):
    response = staff_client.post(
        change_url(ticket), admin_form(ticket, canned_reply=canned["finance"].pk, _insert_canned="1")
    )
    assert response.status_code == 200
    assert "Segue a segunda via." not in response.context["adminform"].form["reply_body"].value()
    assert ticket.messages.count() == 1


def test_rating_on_the_ticket_and_summary_per_sector_and_assignee(
    staff_client, staff, customer, support, finance
):
    other = StaffFactory(username="dani", first_name="Dani", last_name="Rocha")
    for score, sector, assignee in [(5, support, staff), (4, support, staff), (2, finance, other)]:
        ticket = TicketFactory(customer=customer, sector=sector, assignee=assignee, status="resolved")
        Satisfaction.objects.create(
            ticket=ticket, customer=customer, score=score, sector=sector, assignee=assignee, comment="Nota"
        )

    html = staff_client.get(change_url(ticket)).content.decode()
    assert "2 - Ruim" in html
    assert "2/5" in staff_client.get("/admin/tickets/ticket/").content.decode()

    response = staff_client.get("/admin/tickets/satisfaction/")
    assert response.status_code == 200
    by_sector = {row["name"]: row for row in response.context["summary_by_sector"]}
    assert (by_sector["Suporte"]["count"], by_sector["Suporte"]["average"]) == (2, 4.5)
    assert by_sector["Suporte"]["satisfied_percent"] == 100
    assert (by_sector["Financeiro"]["average"], by_sector["Financeiro"]["satisfied_percent"]) == (2, 0)
    by_assignee = {row["name"]: row for row in response.context["summary_by_assignee"]}
    assert by_assignee["Carla Mendes"]["count"] == 2 and by_assignee["Dani Rocha"]["count"] == 1
    assert 'data-testid="by-sector"' in response.content.decode()

    filtered = staff_client.get("/admin/tickets/satisfaction/", {"sector__id__exact": finance.pk})
    assert [row["name"] for row in filtered.context["summary_by_sector"]] == ["Financeiro"]


def test_team_adds_a_follower_of_the_same_company_only(
    staff_client, ticket, organization, colleague, stranger
):
    organization.share_tickets = True
    organization.save()

    response = staff_client.post(change_url(ticket), admin_form(ticket, add_follower=stranger.pk))
    assert response.status_code == 200
    assert not TicketFollower.objects.exists()

    response = staff_client.post(change_url(ticket), admin_form(ticket, add_follower=colleague.pk))
    assert response.status_code == 302
    assert TicketFollower.objects.get().user == colleague
    assert "Bruno Lima" in staff_client.get(change_url(ticket)).content.decode()
    assert Message.objects.filter(ticket=ticket).count() == 1
