import pytest
from django.test import Client

from tickets.models import Sector

from .factories import SectorFactory, TicketFactory


@pytest.fixture
def support(db):
    """Suporte, the default sector the first migration creates (re-created if a
    transactional test on this worker flushed the migration's rows)."""
    sector, _ = Sector.objects.get_or_create(is_default=True, defaults={"name": "Suporte"})
    sector.email = "suporte@portal.example.com"
    sector.save()
    return sector


@pytest.fixture
def finance(db):
    return SectorFactory(name="Financeiro", email="financeiro@portal.example.com")


@pytest.fixture
def ticket(customer, support):
    return TicketFactory(
        customer=customer, sector=support, subject="Erro ao emitir nota", description="Não emite."
    )


@pytest.fixture
def team_client(staff):
    """A second browser for the team (customer_client and staff_client share one client)."""
    client = Client()
    client.force_login(staff)
    return client
