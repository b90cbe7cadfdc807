"""The team's side in the Django admin: list, search, filters, the reply form, actions,
change log, and what the customer receives."""

import re

import pytest
from django.test import Client

from notifications.models import Notification
from tests.factories import StaffFactory
from tests.helpers import read_as, upload
from tickets.models import Message, Ticket, TicketChange

from .factories import SectorFactory, TicketFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/tickets/ticket/"


def change_url(ticket):
    return f"/admin/tickets/ticket/{ticket.pk}/change/"


def admin_form(ticket, **data):
    """What the change form posts when the member only types (current values as initials)."""
    ticket.refresh_from_db()
    current = {
        "status": ticket.status,
        "assignee": ticket.assignee_id or "",
        "sector": ticket.sector_id,
    }
    form = {
        **current,
        **{f"initial-{k}": v for k, v in current.items()},
        "reply_body": "",
        "reply_visibility": "public",
        "seen_message": ticket.messages.order_by("-pk").values_list("pk", flat=True).first() or "",
    }
    form.update(data)
    return form


def test_changelist_columns_search_and_filters(staff_client, ticket, customer, colleague):
    other = TicketFactory(customer=colleague, subject="Treinamento")
    response = staff_client.get(CHANGELIST)
    html = response.content.decode()
    assert response.status_code == 200
    for header in ["Número", "Assunto", "Cliente", "Setor", "Situação", "Responsável"]:
        assert header in html
    # The company under the customer's name (one column: the list fits 1280 px).
    assert re.search(r'Ana Souza<span class="ticket-customer-company">Acme Ltda</span>', html)
    assert "aguardando a equipe desde" in html.lower()
    assert f"#{ticket.number}" in html and f"#{other.number}" in html

    def found(query):
        return {t.pk for t in staff_client.get(CHANGELIST, {"q": query}).context["cl"].result_list}

    assert found(f"#{ticket.number}") == {ticket.pk}
    assert found(str(other.number)) == {other.pk}
    assert found("ana@acme") == {ticket.pk}
    assert found("Treinamento") == {other.pk}
    assert found(customer.first_name) >= {ticket.pk}


def test_waiting_filter_lists_tickets_that_wait_for_us(team_client, customer_client, ticket, staff):
    answered = TicketFactory(customer=ticket.customer)
    customer_client.post(
        f"/chamados/{ticket.number}/responder/",
        {"body": "Alô?", "client_token": "a0a0a0a0-1111-4222-8333-944455556666"},
    )
    from tickets.services import ticket_staff_update

    ticket_staff_update(ticket=answered, actor=staff, body="Respondido")
    response = team_client.get(CHANGELIST, {"waiting": "yes"})
    assert [t.pk for t in response.context["cl"].result_list] == [ticket.pk]
    for params in [{"status__exact": "new"}, {"sector__id__exact": ticket.sector_id}]:
        assert team_client.get(CHANGELIST, params).status_code == 200


def test_change_page_shows_the_conversation_and_one_reply_form(staff_client, ticket):
    html = staff_client.get(change_url(ticket)).content.decode()
    assert "Não emite." in html
    assert 'name="reply_body"' in html
    assert 'name="reply_visibility"' in html and 'value="internal"' in html
    assert 'name="reply_files"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="status"' in html and 'name="assignee"' in html
    assert "Adicionar chamado" not in html  # tickets are opened by customers


def test_public_reply_with_file_and_status_change(staff_client, staff, customer, ticket, deliver_outbox):
    response = staff_client.post(
        change_url(ticket),
        admin_form(
            ticket,
            reply_body="Olá Ana!\nPode testar de novo?",
            status="waiting_customer",
            assignee=staff.pk,
            reply_files=[upload("passo a passo.pdf", b"%PDF")],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    ticket.refresh_from_db()
    reply = ticket.messages.get(author=staff)
    assert reply.body == "Olá Ana!\nPode testar de novo?"
    assert not reply.internal
    assert reply.attachments.get().name == "passo a passo.pdf"
    assert ticket.status == Ticket.Status.WAITING_CUSTOMER
    assert ticket.assignee == staff
    assert ticket.waiting_since is None
    changes = set(ticket.changes.values_list("field", "old_value", "new_value", "actor"))
    assert changes == {
        ("status", "new", "waiting_customer", staff.pk),
        ("assignee", "", staff.display_name, staff.pk),
    }

    notification = Notification.objects.get(recipient=customer)
    assert notification.link == f"/chamados/{ticket.number}/"
    assert notification.title == f"Nova resposta no chamado #{ticket.number}: Erro ao emitir nota"
    assert "Situação: Aguardando cliente" in notification.body
    assert "Pode testar de novo?" in notification.body
    assert notification.kind == Notification.Kind.TICKET

    mails = [m for m in deliver_outbox() if m.to == [customer.email]]
    assert len(mails) == 1
    assert "Pode testar de novo?" in mails[0].body
    link = re.search(r"http://testserver(/\S+)", mails[0].body).group(1)
    customer_browser = Client()
    customer_browser.force_login(customer)
    # The e-mail's link opens the customer's notification about this ticket.
    landed = customer_browser.get(link, follow=True)
    assert landed.status_code == 200
    assert f"Nova resposta no chamado #{ticket.number}" in landed.content.decode()

    page = staff_client.get(change_url(ticket)).content.decode()
    assert "Carla" in page
    assert "alterou a situação de “Novo” para “Aguardando cliente”." in page
    assert "alterou o responsável de “-” para" in page


def test_customer_sees_the_reply_and_the_bell(staff_client, client, customer, ticket):
    staff_client.post(change_url(ticket), admin_form(ticket, reply_body="Resolvemos o certificado."))
    client.force_login(customer)
    dashboard = client.get("/painel/").content.decode()
    assert re.search(r'data-testid="bell-count">\s*1\s*<', dashboard)
    page = client.get(f"/chamados/{ticket.number}/").content.decode()
    assert "Resolvemos o certificado." in page
    assert ">Em atendimento</span>" in page  # a public reply moves a new ticket on


def test_internal_note_from_the_form(staff_client, staff, customer, ticket, deliver_outbox):
    staff_client.post(
        change_url(ticket),
        admin_form(ticket, reply_body="Verificar certificado", reply_visibility="internal"),
    )
    note = Message.objects.get(body="Verificar certificado")
    assert note.internal and note.author == staff
    assert not Notification.objects.filter(recipient=customer).exists()
    assert not [m for m in deliver_outbox() if m.to == [customer.email]]
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.NEW


def test_opted_out_customer_gets_the_notification_but_no_e_mail(
    staff_client, customer, ticket, deliver_outbox
):
    customer.email_notifications = False
    customer.save()
    staff_client.post(change_url(ticket), admin_form(ticket, reply_body="Resposta"))
    assert Notification.objects.filter(recipient=customer).count() == 1
    assert not [m for m in deliver_outbox() if m.to == [customer.email]]


def test_notification_is_in_the_customers_language(staff_client, customer, ticket):
    customer.language = "en"
    customer.save()
    staff_client.post(change_url(ticket), admin_form(ticket, status="resolved"))
    title, body = read_as(customer, Notification.objects.get(recipient=customer))
    assert title == f"Ticket #{ticket.number} changed: Erro ao emitir nota"
    assert body == "Status: Resolved"


def test_only_changed_fields_are_applied(team_client, staff, customer_client, ticket):
    """The member loaded the page while the ticket was new; the customer's reply moved it
    meanwhile. Saving a note must not put the old status back."""
    form = admin_form(ticket, reply_body="nota", reply_visibility="internal")
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.IN_PROGRESS)
    team_client.post(change_url(ticket), form)
    assert Ticket.objects.get(pk=ticket.pk).status == Ticket.Status.IN_PROGRESS
    assert not ticket.changes.filter(field="status").exists()


def test_reply_is_held_when_the_customer_wrote_meanwhile(team_client, customer_client, ticket):
    form = admin_form(ticket, reply_body="Resposta antiga")
    customer_client.post(
        f"/chamados/{ticket.number}/responder/",
        {"body": "Esqueci de dizer", "client_token": "b1b1b1b1-1111-4222-8333-944455556666"},
    )
    response = team_client.post(change_url(ticket), form)
    assert response.status_code == 200
    assert "Chegaram novas mensagens enquanto você escrevia" in response.content.decode()
    assert not Message.objects.filter(body="Resposta antiga").exists()
    # Sent again from the refreshed page, it goes through.
    response = team_client.post(change_url(ticket), admin_form(ticket, reply_body="Resposta antiga"))
    assert response.status_code == 302


def test_sector_change_is_logged_and_shown_to_the_customer(team_client, staff, customer_client, ticket):
    finance = SectorFactory(name="Financeiro")
    team_client.post(change_url(ticket), admin_form(ticket, sector=finance.pk))
    change = TicketChange.objects.get(ticket=ticket)
    assert (change.field, change.old_value, change.new_value) == ("sector", "Suporte", "Financeiro")
    html = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert "transferiu o chamado do setor “Suporte” para “Financeiro”." in html


def test_assignee_change_stays_with_the_team(team_client, staff, customer, customer_client, ticket):
    team_client.post(change_url(ticket), admin_form(ticket, assignee=staff.pk))
    assert "responsável" not in customer_client.get(ticket.get_absolute_url()).content.decode()
    assert not Notification.objects.filter(recipient=customer).exists()


def test_assignee_must_be_staff(staff_client, customer, ticket):
    response = staff_client.post(change_url(ticket), admin_form(ticket, assignee=customer.pk))
    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).assignee is None


def test_admin_actions(staff_client, staff, customer, colleague):
    first = TicketFactory(customer=customer)
    second = TicketFactory(customer=colleague)
    ids = [first.pk, second.pk]
    staff_client.post(CHANGELIST, {"action": "assign_to_me", "_selected_action": ids})
    assert set(Ticket.objects.values_list("assignee", flat=True)) == {staff.pk}
    staff_client.post(CHANGELIST, {"action": "mark_resolved", "_selected_action": ids})
    assert set(Ticket.objects.values_list("status", flat=True)) == {"resolved"}
    assert Notification.objects.filter(recipient__in=[customer, colleague]).count() == 2
    staff_client.post(CHANGELIST, {"action": "close_tickets", "_selected_action": ids})
    assert set(Ticket.objects.values_list("status", flat=True)) == {"closed"}
    log = list(first.changes.order_by("pk").values_list("field", "new_value", "actor"))
    assert log == [
        ("assignee", staff.display_name, staff.pk),
        ("status", "resolved", staff.pk),
        ("status", "closed", staff.pk),
    ]


def test_customers_cannot_use_the_admin(customer_client, ticket):
    response = customer_client.get(change_url(ticket))
    assert response.status_code == 302
    assert customer_client.get(f"/admin/tickets/ticket/{ticket.pk}/attachments/1/").status_code == 302


def test_staff_without_ticket_permission_cannot_download(client, ticket):
    clerk = StaffFactory(is_superuser=False)
    client.force_login(clerk)
    attachment_url = f"/admin/tickets/ticket/{ticket.pk}/attachments/1/"
    assert client.get(attachment_url).status_code == 403


def test_sector_admin_keeps_one_default(staff_client, support):
    finance = SectorFactory(name="Financeiro")
    finance.is_default = True
    finance.save()
    support.refresh_from_db()
    assert not support.is_default
    assert staff_client.get("/admin/tickets/sector/").status_code == 200
