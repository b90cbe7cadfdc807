"""Who sees what: another customer's ticket, message or attachment is a 404 and nothing changes."""

import pytest

from tests.factories import OrganizationFactory, UserFactory
from tests.helpers import upload
from tickets.models import Message, Ticket

from .factories import AttachmentFactory, TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana_ticket(customer, support):
    ticket = TicketFactory(customer=customer, subject="Chamado confidencial da Ana")
    AttachmentFactory(message=ticket.messages.get(), name="balanço.pdf")
    return ticket


@pytest.fixture(params=["stranger", "colleague_without_sharing", "customer_without_company"])
def intruder_client(request, client, stranger, colleague, organization):
    if request.param == "stranger":
        user = stranger
    elif request.param == "colleague_without_sharing":
        organization.share_tickets = False
        organization.save()
        user = colleague
    else:
        user = UserFactory(organization=None)
    client.force_login(user)
    return client


def urls(ticket):
    attachment = ticket.messages.get().attachments.get()
    base = f"/chamados/{ticket.number}/"
    return {
        "page": base,
        "download": f"{base}anexos/{attachment.pk}/",
        "thumbnail": f"{base}anexos/{attachment.pk}/miniatura/",
    }


def test_intruder_gets_404_for_page_and_attachment(intruder_client, ana_ticket):
    for url in urls(ana_ticket).values():
        assert intruder_client.get(url).status_code == 404, url


def test_intruder_reply_is_404_and_writes_nothing(intruder_client, ana_ticket):
    response = intruder_client.post(
        f"/chamados/{ana_ticket.number}/responder/",
        {"body": "invadido", "client_token": "9b2b3c1e-95a8-4c1e-8f55-3f2f0a3a6e10", "files": [upload()]},
    )
    assert response.status_code == 404
    assert ana_ticket.messages.count() == 1


def test_intruder_cannot_mark_resolved(intruder_client, ana_ticket):
    assert intruder_client.post(f"/chamados/{ana_ticket.number}/resolver/").status_code == 404
    ana_ticket.refresh_from_db()
    assert ana_ticket.status == Ticket.Status.NEW


def test_intruder_list_and_search_do_not_show_it(intruder_client, ana_ticket):
    for query in ["", f"?q={ana_ticket.number}", "?q=confidencial", f"?q=%23{ana_ticket.number}"]:
        html = intruder_client.get(f"/chamados/{query}").content.decode()
        assert "Chamado confidencial da Ana" not in html
        assert f"/chamados/{ana_ticket.number}/" not in html


def test_attachment_id_must_belong_to_the_ticket_in_the_url(customer_client, customer, stranger, ana_ticket):
    foreign = AttachmentFactory(message=TicketFactory(customer=stranger).messages.get())
    # Ana's own ticket number with another customer's attachment id.
    assert customer_client.get(f"/chamados/{ana_ticket.number}/anexos/{foreign.pk}/").status_code == 404


def test_anonymous_is_sent_to_login_everywhere(client, ana_ticket):
    for url in [*urls(ana_ticket).values(), "/chamados/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/conta/login/")
    for url in [f"/chamados/{ana_ticket.number}/responder/", f"/chamados/{ana_ticket.number}/resolver/"]:
        assert client.post(url, {"body": "x"}).status_code == 302
    assert ana_ticket.messages.count() == 1


def test_unknown_number_is_404(customer_client, ana_ticket):
    assert customer_client.get("/chamados/999999/").status_code == 404


def test_state_changing_urls_refuse_get(customer_client, ana_ticket):
    assert customer_client.get(f"/chamados/{ana_ticket.number}/responder/").status_code == 405
    assert customer_client.get(f"/chamados/{ana_ticket.number}/resolver/").status_code == 405
    ana_ticket.refresh_from_db()
    assert ana_ticket.status == Ticket.Status.NEW


def test_colleague_sees_the_companys_tickets_when_shared(client, colleague, organization, ana_ticket):
    organization.share_tickets = True
    organization.save()
    client.force_login(colleague)
    html = client.get("/chamados/").content.decode()
    assert "Chamado confidencial da Ana" in html
    assert "Aberto por Ana" in html
    assert client.get(f"/chamados/{ana_ticket.number}/").status_code == 200
    assert client.get(urls(ana_ticket)["download"]).status_code == 200
    client.post(
        f"/chamados/{ana_ticket.number}/responder/",
        {"body": "Complementando o chamado", "client_token": "2b9a0a43-5b55-4d0c-8a7b-0d7f6c1e2a11"},
    )
    assert ana_ticket.messages.filter(author=colleague).exists()


def test_ticket_stays_with_its_company_when_the_customer_moves(
    client, customer, colleague, organization, ana_ticket
):
    organization.share_tickets = True
    organization.save()
    customer.organization = OrganizationFactory(share_tickets=True)
    customer.save()
    client.force_login(colleague)
    assert client.get(f"/chamados/{ana_ticket.number}/").status_code == 200
    client.force_login(customer)
    assert client.get(f"/chamados/{ana_ticket.number}/").status_code == 200


def test_reply_author_comes_from_the_session(customer_client, customer, stranger, ana_ticket):
    customer_client.post(
        f"/chamados/{ana_ticket.number}/responder/",
        {
            "body": "Minha resposta",
            "author": stranger.pk,
            "internal": "on",
            "ticket": 1,
            "client_token": "7f0a4b8e-2f0b-4d6e-9d3b-5a1c2b3d4e5f",
        },
    )
    message = Message.objects.get(body="Minha resposta")
    assert message.author == customer
    assert message.ticket == ana_ticket
    assert not message.internal


def test_staff_member_without_own_tickets_sees_none_in_the_customer_area(client, staff, ana_ticket):
    # The team works in the admin; the customer pages only list one's own tickets.
    client.force_login(staff)
    assert client.get(f"/chamados/{ana_ticket.number}/").status_code == 404
