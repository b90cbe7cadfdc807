"""Pages run a constant number of queries as data grows (5 vs 500 tickets, 3 vs 300 messages)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import UserFactory
from tickets.models import (
    NUMBER_OFFSET,
    Attachment,
    Message,
    Satisfaction,
    Ticket,
    TicketChange,
    TicketFollower,
)

from .factories import TicketFactory

# What rendering costs as data grows (a page served again from the page cache costs less).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_off")]


def make_tickets(customer, sector, count, start=0):
    now = timezone.now()
    tickets = Ticket.objects.bulk_create(
        Ticket(
            number=NUMBER_OFFSET + 10_000 + start + i,
            customer=customer,
            organization=customer.organization,
            sector=sector,
            subject=f"Chamado {start + i}",
            last_activity_at=now - timedelta(minutes=i),
            staff_updated_at=now if i % 2 else None,
        )
        for i in range(count)
    )
    Message.objects.bulk_create(Message(ticket=t, author=customer, body="texto") for t in tickets)
    return tickets


def add_messages(ticket, authors, count):
    now = timezone.now()
    messages = Message.objects.bulk_create(
        Message(
            ticket=ticket,
            author=authors[i % len(authors)],
            body=f"mensagem {i}\nhttps://exemplo.com/{i}",
            internal=(i % 7 == 0),
            created_at=now + timedelta(seconds=i),
        )
        for i in range(count)
    )
    Attachment.objects.bulk_create(
        Attachment(message=m, file=f"tickets/x/{m.pk}", name=f"anexo {m.pk}.pdf", size=1234) for m in messages
    )
    TicketChange.objects.bulk_create(
        TicketChange(
            ticket=ticket, actor=authors[-1], field="status", old_value="new", new_value="in_progress"
        )
        for _ in range(count // 10 or 1)
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("share", [False, True])
def test_ticket_list_5_vs_500(
    customer_client, customer, colleague, organization, support, share, django_assert_max_num_queries
):
    organization.share_tickets = share
    organization.save()
    make_tickets(customer, support, 3)
    make_tickets(colleague, support, 2, start=3)
    small = count_queries(customer_client, "/chamados/?q=Chamado&status=new")
    make_tickets(customer, support, 300, start=100)
    make_tickets(colleague, support, 200, start=500)
    with django_assert_max_num_queries(small):
        response = customer_client.get("/chamados/?q=Chamado&status=new")
    assert len(response.context["page_obj"]) == 20


def test_dashboard_5_vs_500(customer_client, customer, support, django_assert_max_num_queries):
    make_tickets(customer, support, 5)
    small = count_queries(customer_client, "/painel/")
    make_tickets(customer, support, 495, start=5)
    with django_assert_max_num_queries(small):
        customer_client.get("/painel/")


def test_ticket_page_3_vs_300_messages_with_attachments(
    customer_client, customer, staff, django_assert_max_num_queries
):
    small_ticket = TicketFactory(customer=customer, description=False)
    add_messages(small_ticket, [customer, staff], 3)
    small = count_queries(customer_client, small_ticket.get_absolute_url())
    big_ticket = TicketFactory(customer=customer, description=False)
    add_messages(big_ticket, [customer, staff], 300)
    with django_assert_max_num_queries(small):
        response = customer_client.get(big_ticket.get_absolute_url())
    html = response.content.decode()
    assert html.count('data-testid="message"') == 300 - len(range(0, 300, 7))
    assert "anexo" in html


def test_admin_list_and_change_page_stay_constant(
    staff_client, customer, staff, support, django_assert_max_num_queries
):
    make_tickets(customer, support, 5)
    small_list = count_queries(staff_client, "/admin/tickets/ticket/")
    ticket = TicketFactory(customer=customer, description=False)
    add_messages(ticket, [customer, staff], 3)
    small_page = count_queries(staff_client, f"/admin/tickets/ticket/{ticket.pk}/change/")

    make_tickets(customer, support, 495, start=5)
    big = TicketFactory(customer=customer, description=False)
    add_messages(big, [customer, staff], 300)
    with django_assert_max_num_queries(small_list):
        staff_client.get("/admin/tickets/ticket/")
    with django_assert_max_num_queries(small_page):
        staff_client.get(f"/admin/tickets/ticket/{big.pk}/change/")


def test_ticket_page_with_2_vs_40_followers_and_a_rating(
    customer_client, customer, organization, ticket, staff, django_assert_max_num_queries
):
    organization.share_tickets = True
    organization.save()
    ticket.status = Ticket.Status.RESOLVED
    ticket.save()
    Satisfaction.objects.create(ticket=ticket, customer=customer, score=4, comment="Bom")

    def follow(count):
        for user in UserFactory.create_batch(count, organization=organization):
            TicketFollower.objects.create(ticket=ticket, user=user)

    follow(2)
    UserFactory(organization=organization)  # someone left to add: the owner's form shows
    small = count_queries(customer_client, ticket.get_absolute_url())
    follow(38)
    with django_assert_max_num_queries(small):
        response = customer_client.get(ticket.get_absolute_url())
    assert len(response.context["followers"]) == 40
    assert response.context["follower_form"] is not None
