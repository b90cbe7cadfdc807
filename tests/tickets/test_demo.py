"""Demo data: sectors and tickets for ana and bruno, idempotent."""

import pytest

from accounts import demo as accounts_demo
from tickets import demo
from tickets.models import Message, Sector, Ticket

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_shows_something_real():
    ctx: dict = {}
    accounts_demo.load(ctx)
    demo.load(ctx)
    counts = (Sector.objects.count(), Ticket.objects.count(), Message.objects.count())
    demo.load(ctx)
    assert (Sector.objects.count(), Ticket.objects.count(), Message.objects.count()) == counts
    assert list(Sector.objects.filter(is_default=True).values_list("name", flat=True)) == ["Suporte"]
    assert {"Suporte", "Financeiro", "Comercial", "Desenvolvimento"} <= set(
        Sector.objects.values_list("name", flat=True)
    )
    assert Sector.objects.get(name="Suporte").name_en == "Support"
    assert not Sector.objects.filter(name_en="").exists()
    assert Ticket.objects.filter(customer=ctx["ana"]).count() >= 2
    assert Ticket.objects.filter(customer=ctx["bruno"]).count() >= 1
    assert Message.objects.filter(internal=True).exists()
    assert Message.objects.filter(author=ctx["equipe"], internal=False).exists()
