"""Two POSTs of the same form at the same instant (a double click racing itself) still make
one ticket. Needs real concurrent transactions: PostgreSQL (as in CI)."""

import threading
import uuid

import pytest
from django.db import connection, connections

from tests.factories import UserFactory
from tests.helpers import IN_CI
from tickets.models import Message, Sector, Ticket
from tickets.services import ticket_open

pytestmark = pytest.mark.django_db(transaction=True)


def test_racing_double_submit_creates_one_ticket():
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI must run this against PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL)")
    sector, _ = Sector.objects.get_or_create(name="Suporte", defaults={"is_default": True})
    customer = UserFactory()
    token = uuid.uuid4()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def submit():
        try:
            barrier.wait(timeout=10)
            ticket = ticket_open(
                customer=customer, sector=sector, subject="Duplo clique", description="x", client_token=token
            )
            results.append(ticket.pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert len(results) == 2 and len(set(results)) == 1
    assert Ticket.objects.count() == 1
    assert Message.objects.count() == 1
