"""Two pollers reading the same mailbox at once (PostgreSQL: real concurrent writers).

Its own module: transactional tests flush the database, so they run after the others of
their worker (pytest-django orders them last, and xdist keeps a module together)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tickets.mailbox import fetch_mail
from tickets.models import InboundEmail
from tickets.reply_tokens import reply_address

from .factories import TicketFactory
from .imap import append, imap_test_folder, mail

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (.ci/run)"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def imap_folder(settings):
    settings.INBOUND_EMAIL_ADDRESS = "suporte@portal.example.com"
    with imap_test_folder() as folder:
        yield folder


def test_two_pollers_at_once_process_each_message_once(imap_folder, customer, support):
    url, box, folder = imap_folder
    ticket = TicketFactory(customer=customer, sector=support)
    append(
        box,
        folder,
        *[
            mail(sender="ana@acme.example.com", to=reply_address(ticket.number), body=f"Parte {n}")
            for n in range(8)
        ],
    )

    def poll():
        try:
            return fetch_mail(url=url)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: poll(), range(2)))

    assert sum(counts["reply"] for counts in results) == 8
    for n in range(8):
        assert ticket.messages.filter(body=f"Parte {n}").count() == 1
    assert InboundEmail.objects.count() == 8
