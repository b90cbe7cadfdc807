"""The ticket page: conversation, plain-text rendering, replies, the situação workflow."""

import uuid

import pytest

from tests.helpers import upload
from tickets.models import Message, Ticket, TicketChange
from tickets.services import ticket_staff_update

from .factories import TicketFactory

pytestmark = pytest.mark.django_db


def reply(client, ticket, body="Segue o print", **extra):
    return client.post(
        f"/chamados/{ticket.number}/responder/",
        {"body": body, "client_token": str(uuid.uuid4()), **extra},
    )


def test_conversation_in_order_with_author_time_text_and_attachments(customer_client, ticket, staff):
    ticket_staff_update(ticket=ticket, actor=staff, body="Olá Ana, pode enviar o XML?")
    reply(customer_client, ticket, "Segue o XML.", files=[upload("nota 123.xml", b"<xml/>")])
    html = customer_client.get(ticket.get_absolute_url()).content.decode()
    first = html.index("Não emite.")
    second = html.index("Olá Ana, pode enviar o XML?")
    third = html.index("Segue o XML.")
    assert first < second < third
    assert "Carla" in html and ">Equipe</span>" in html
    assert "nota 123.xml" in html
    assert html.count('data-testid="message"') == 3
    assert "<time" in html


def test_text_is_plain_escaped_with_line_breaks_and_links(customer_client, customer):
    body = (
        '<script>alert("x")</script><img src=x onerror=alert(1)>\n'
        "Veja https://exemplo.com.br/ajuda?a=1&b=2\n"
        "[clique](javascript:alert(1)) <a href='javascript:alert(2)'>oi</a>"
    )
    ticket = TicketFactory(customer=customer, subject="<i>assunto</i>", description=body)
    html = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "<br>" in html
    assert '<a href="https://exemplo.com.br/ajuda?a=1&amp;b=2" rel="nofollow">' in html
    assert 'href="javascript:' not in html
    assert "&lt;i&gt;assunto&lt;/i&gt;" in html


def test_customer_reply_with_files(customer_client, ticket, settings):
    response = reply(customer_client, ticket, "Mais detalhes", files=[upload("a.txt"), upload("b.txt")])
    message = ticket.messages.get(body="Mais detalhes")
    assert response.status_code == 302
    assert response["Location"] == f"/chamados/{ticket.number}/#message-{message.pk}"
    assert message.attachments.count() == 2
    page = customer_client.get(response["Location"]).content.decode()
    assert "Sua mensagem foi enviada." in page


def test_reply_needs_text_or_file(customer_client, ticket):
    response = reply(customer_client, ticket, "   ")
    assert response.status_code == 200
    assert "Escreva uma mensagem ou envie um arquivo." in response.content.decode()
    assert ticket.messages.count() == 1
    reply(customer_client, ticket, "", files=[upload("só anexo.txt")])
    assert ticket.messages.count() == 2


def test_reply_limits_name_the_file(customer_client, ticket, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    response = reply(customer_client, ticket, "grande", files=[upload("grande.log", b"x" * 11)])
    assert "O arquivo “grande.log” é grande demais" in response.content.decode()
    assert ticket.messages.count() == 1


def test_reply_double_submit_writes_one_message(customer_client, ticket):
    token = str(uuid.uuid4())
    for _ in range(2):
        customer_client.post(
            f"/chamados/{ticket.number}/responder/", {"body": "Uma vez", "client_token": token}
        )
    assert ticket.messages.filter(body="Uma vez").count() == 1


def test_customer_reply_alerts_the_assignee_or_the_sector(customer_client, ticket, staff, deliver_outbox):
    reply(customer_client, ticket, "Sem responsável ainda")
    ticket_staff_update(ticket=ticket, actor=staff, assignee=staff)
    reply(customer_client, ticket, "Agora com responsável")
    sent = sorted((m.to[0], m.subject) for m in deliver_outbox() if "respondeu" in m.subject)
    assert sent == [
        ("equipe@portal.example.com", f"Cliente respondeu no #{ticket.number}: Erro ao emitir nota"),
        ("suporte@portal.example.com", f"Cliente respondeu no #{ticket.number}: Erro ao emitir nota"),
    ]


# Situação workflow ------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (Ticket.Status.NEW, Ticket.Status.NEW),
        (Ticket.Status.IN_PROGRESS, Ticket.Status.IN_PROGRESS),
        (Ticket.Status.WAITING_CUSTOMER, Ticket.Status.IN_PROGRESS),
        (Ticket.Status.RESOLVED, Ticket.Status.IN_PROGRESS),
    ],
)
def test_customer_reply_moves_waiting_or_resolved_back_to_in_progress(
    customer_client, customer, before, after
):
    ticket = TicketFactory(customer=customer, status=before)
    reply(customer_client, ticket)
    ticket.refresh_from_db()
    assert ticket.status == after
    assert ticket.waiting_since is not None
    changes = list(ticket.changes.values_list("field", "old_value", "new_value", "actor"))
    if before == after:
        assert changes == []
    else:
        assert changes == [("status", before, after, customer.pk)]


def test_customer_marks_resolved(customer_client, customer, ticket):
    response = customer_client.post(f"/chamados/{ticket.number}/resolver/", follow=True)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.RESOLVED
    assert ticket.waiting_since is None
    html = response.content.decode()
    assert "Obrigado! O chamado foi marcado como resolvido." in html
    assert f"{customer.display_name} alterou a situação de “Novo” para “Resolvido”." in html
    assert "Marcar como resolvido" not in html
    assert "Responder" in html  # a resolved ticket can still be answered


def test_closed_ticket_reply_form_says_it_opens_a_new_ticket(customer_client, customer):
    # Replying on a closed ticket opens a follow-up (tests/tickets/test_follow_up.py).
    ticket = TicketFactory(customer=customer, status=Ticket.Status.CLOSED)
    html = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert f'action="/chamados/{ticket.number}/responder/"' in html
    assert "Este chamado está fechado" in html
    assert f'href="/chamados/novo/?ref={ticket.number}"' in html
    assert "Marcar como resolvido" not in html
    assert customer_client.post(f"/chamados/{ticket.number}/resolver/").status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CLOSED


def test_status_changes_are_shown_in_the_conversation(customer_client, ticket, staff):
    ticket_staff_update(ticket=ticket, actor=staff, body="Analisando", status=Ticket.Status.WAITING_CUSTOMER)
    html = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert "Carla" in html
    assert "alterou a situação de “Novo” para “Aguardando cliente”." in html
    assert ">Aguardando cliente</span>" in html


def test_full_workflow_new_to_closed(customer_client, customer, ticket, staff):
    S = Ticket.Status
    ticket_staff_update(ticket=ticket, actor=staff, body="Estamos vendo")  # public reply on a new ticket
    assert Ticket.objects.get(pk=ticket.pk).status == S.IN_PROGRESS
    ticket_staff_update(ticket=ticket, actor=staff, body="Pode testar?", status=S.WAITING_CUSTOMER)
    reply(customer_client, ticket, "Testei, ainda falha")
    assert Ticket.objects.get(pk=ticket.pk).status == S.IN_PROGRESS
    ticket_staff_update(ticket=ticket, actor=staff, body="Corrigido", status=S.RESOLVED)
    ticket_staff_update(ticket=ticket, actor=staff, status=S.CLOSED)
    ticket.refresh_from_db()
    assert ticket.status == S.CLOSED
    history = list(ticket.changes.filter(field="status").values_list("old_value", "new_value"))
    assert history == [
        (S.NEW, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.WAITING_CUSTOMER),
        (S.WAITING_CUSTOMER, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.RESOLVED),
        (S.RESOLVED, S.CLOSED),
    ]
    assert TicketChange.objects.filter(ticket=ticket, field="status").count() == 5


def test_waiting_on_us_since(customer_client, ticket, staff):
    opened = Ticket.objects.get(pk=ticket.pk)
    assert opened.waiting_since is None  # factory tickets start without it
    reply(customer_client, ticket, "primeira")
    first = Ticket.objects.get(pk=ticket.pk).waiting_since
    reply(customer_client, ticket, "segunda")
    assert Ticket.objects.get(pk=ticket.pk).waiting_since == first  # the oldest unanswered message counts
    ticket_staff_update(ticket=ticket, actor=staff, body="nota", internal=True)
    assert Ticket.objects.get(pk=ticket.pk).waiting_since == first
    ticket_staff_update(ticket=ticket, actor=staff, body="Respondido")
    assert Ticket.objects.get(pk=ticket.pk).waiting_since is None


def test_opening_the_page_marks_the_ticket_notifications_read(customer_client, customer, ticket, staff):
    from notifications.models import Notification

    ticket_staff_update(ticket=ticket, actor=staff, body="Resposta")
    assert Notification.objects.filter(recipient=customer, read_at__isnull=True).count() == 1
    customer_client.get(ticket.get_absolute_url())
    assert Notification.objects.filter(recipient=customer, read_at__isnull=True).count() == 0


def test_message_rows_record_author_and_visibility(customer_client, customer, ticket):
    reply(customer_client, ticket, "Registro")
    message = Message.objects.get(body="Registro")
    assert (message.author, message.internal) == (customer, False)
