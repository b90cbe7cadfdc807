"""Every query of the signed-in customer pages has an index path on the tables that grow with
use (PostgreSQL only): each SELECT the pages run is explained with sequential scans priced out
of reach, and a "Seq Scan" left on one of those tables means no index can serve it."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.notifications.factories import NotificationFactory
from tests.tickets.factories import TicketFactory
from tickets.models import Sector

pytestmark = pytest.mark.django_db

# Tables whose rows grow with customers and time; small lookup tables (sectors, categories,
# organizations) are read whole by design.
GROWING = {
    "accounts_session",
    "accounts_user",
    "tickets_ticket",
    "tickets_message",
    "tickets_attachment",
    "tickets_ticketread",
    "tickets_ticketchange",
    "notifications_notification",
}


def seq_scans(plan: dict) -> list[str]:
    found = []
    if plan.get("Node Type") == "Seq Scan" and plan.get("Relation Name") in GROWING:
        found.append(plan["Relation Name"])
    for child in plan.get("Plans", []):
        found += seq_scans(child)
    return found


@pytest.fixture
def world():
    customer = UserFactory(organization__share_tickets=True)
    colleague = UserFactory(organization=customer.organization)
    sector, _ = Sector.objects.get_or_create(is_default=True, defaults={"name": "Suporte"})
    tickets = [
        TicketFactory(customer=person, sector=sector, subject=f"Chamado {n}", description="Erro.")
        for n, person in enumerate([customer, colleague] * 15)
    ]
    for ticket in tickets[:10]:
        NotificationFactory(recipient=customer, kind="ticket", link=ticket.get_absolute_url())
    return customer, tickets[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
def test_customer_pages_have_an_index_for_every_growing_table(client, world):
    customer, ticket = world
    client.force_login(customer)
    pages = [
        reverse("dashboard"),
        reverse("tickets:list"),
        reverse("tickets:list") + "?status=new&page=2",
        ticket.get_absolute_url(),
        reverse("notifications:list"),
        reverse("notifications:list") + "?status=unread",
        reverse("notifications:activity"),
    ]
    problems = []
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                cursor.execute("RESET enable_seqscan")
            for table in seq_scans(plan[0]["Plan"]):
                problems.append(f"{url}: Seq Scan on {table}: {sql[:200]}")
    assert not problems, "\n".join(problems)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's")
def test_the_check_sees_a_query_no_index_can_serve():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) SELECT id FROM tickets_ticket WHERE subject = 'x'")
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    assert seq_scans(plan[0]["Plan"]) == ["tickets_ticket"]
