"""Reply by e-mail without a mail server: what outgoing ticket e-mails carry (Reply-To,
Message-ID, footer), how an incoming message is read (quoted text, signatures, HTML,
automatic mail) and how the mailbox is configured. The IMAP flow is test_reply_by_email.py."""

from email.message import EmailMessage

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from notifications.models import OutboundEmail
from tickets import services
from tickets.inbound import html_to_text, inbound_process, strip_quoted
from tickets.mailbox import parse_imap_url
from tickets.models import InboundEmail, Ticket
from tickets.reply_tokens import reply_address, reply_token, ticket_number_from
from tickets.tasks import fetch_mail as fetch_mail_task


@pytest.fixture
def inbound_on(settings):
    settings.INBOUND_EMAIL_ADDRESS = "Suporte <suporte@portal.example.com>"


# Outgoing ticket e-mails


def test_ticket_emails_carry_signed_reply_address_and_footer(
    inbound_on, customer, support, staff, deliver_outbox
):
    ticket = services.ticket_open(customer=customer, sector=support, subject="Erro", description="Falha")
    services.ticket_staff_update(ticket=ticket, actor=staff, body="Pode testar?")

    sent = deliver_outbox()

    address = reply_address(ticket.number)
    assert address.startswith(f"suporte+t{ticket.number}.") and address.endswith("@portal.example.com")
    assert len(address.partition("@")[0]) <= 64
    to_customer = [m for m in sent if m.to == [customer.email]]
    to_team = [m for m in sent if m.to == [support.email]]
    assert len(to_customer) == 2 and len(to_team) == 1
    for message in to_customer + to_team:
        assert message.reply_to == [address]
        assert f"[{reply_token(ticket.number)}]" in message.body
        assert f"[{reply_token(ticket.number)}]" in message.alternatives[0][0]
        assert "Responda a este e-mail" in message.body
    # Each e-mail's Message-ID leads back to the ticket.
    for email in OutboundEmail.objects.all():
        assert email.thread == f"ticket:{ticket.pk}"
        assert OutboundEmail.from_message_id(email.message_id) == email


def test_without_inbound_mailbox_no_reply_address(settings, customer, support, deliver_outbox):
    settings.INBOUND_EMAIL_ADDRESS = ""
    settings.INBOUND_IMAP_URL = ""
    services.ticket_open(customer=customer, sector=support, subject="Erro", description="Falha")

    for message in deliver_outbox():
        assert message.reply_to == []
        assert "Responda a este e-mail" not in message.body


def test_forged_message_id_matches_nothing(customer):
    email = OutboundEmail.objects.create(
        to_email="a@example.com", subject="s", body_text="b", thread="ticket:1"
    )
    real = email.message_id
    number, _, rest = real.partition(".")
    assert OutboundEmail.from_message_id(real.upper().replace("OUTBOX", "outbox")) == email
    assert OutboundEmail.from_message_id(f"{number}.1@portal.example.com>") is None
    assert OutboundEmail.from_message_id("<outbox-999999.1@localhost>") is None
    assert OutboundEmail.from_message_id("<something@else>") is None


def test_token_is_signed(settings):
    token = reply_token(1042)
    assert ticket_number_from(f"suporte+{token}@portal.example.com") == 1042
    assert (
        ticket_number_from(f"suporte+{token.upper()}@portal.example.com") == 1042
    )  # servers may change case
    signature = token.partition(".")[2]
    assert ticket_number_from(f"suporte+t1043.{signature}@portal.example.com") is None
    assert ticket_number_from("suporte+t1042.0123456789abcdef0123@portal.example.com") is None
    settings.SECRET_KEY = "another-secret-key-of-sufficient-length-0123456789"
    assert ticket_number_from(token) is None


# Reading a message


def test_portuguese_gmail_quote_wrapped_over_two_lines_is_stripped():
    text = (
        "Funcionou, obrigado!\n\n"
        "Em qua., 2 de dez. de 2026 às 09:15, Portal do Cliente <\n"
        "suporte@portal.example.com> escreveu:\n\n"
        "> Olá Ana,\n> tente de novo.\n"
    )
    assert strip_quoted(text) == "Funcionou, obrigado!"


def test_portuguese_outlook_header_block_and_closing_are_stripped():
    text = (
        "Segue o arquivo pedido.\n\nAtenciosamente,\nAna Souza\nAcme Ltda\n\n"
        "De: Portal do Cliente <suporte@portal.example.com>\n"
        "Enviado: terça-feira, 1 de dezembro de 2026 10:00\n"
        "Para: Ana <ana@acme.example.com>\n"
        "Assunto: Chamado #1001\n\nTexto antigo\n"
    )
    assert strip_quoted(text) == "Segue o arquivo pedido."


def test_english_quote_mobile_signature_and_dash_signature_are_stripped():
    assert strip_quoted("Thanks!\n\nOn Mon, Dec 1, 2026 at 10:00 AM Support wrote:\n> old\n") == "Thanks!"
    assert strip_quoted("Segue o log.\n\nEnviado do meu iPhone\n") == "Segue o log."
    assert strip_quoted("Resposta.\n-- \nAna Souza\nAcme\n") == "Resposta."


def test_lists_and_first_line_thanks_are_kept():
    text = "Obrigado, funcionou em parte:\n- a nota saiu\n- o boleto não\n"
    assert strip_quoted(text) == text.strip()


def test_html_is_sanitized_then_turned_into_text():
    html = (
        '<div>Olá <a href="javascript:alert(1)">clique</a></div><script>roubar()</script>'
        "<style>.x{color:red}</style><img src=x onerror=alert(2)><p>Fim &amp; pronto</p>"
    )
    text = html_to_text(html)
    assert "Olá" in text and "Fim & pronto" in text
    for bad in ("roubar", "color:red", "onerror", "javascript", "<"):
        assert bad not in text


def raw_mail(sender, body="Oi", **headers):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "suporte@portal.example.com"
    message["Subject"] = headers.pop("subject", "Assunto")
    message["Message-ID"] = headers.pop("message_id", "<m1@cliente.example.com>")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


@pytest.mark.parametrize(
    ("sender", "headers"),
    [
        ("ana@acme.example.com", {"Auto_Submitted": "auto-generated"}),
        ("ana@acme.example.com", {"X_Autoreply": "yes"}),
        ("ana@acme.example.com", {"Precedence": "junk"}),
        ("ana@acme.example.com", {"List_Id": "<lista.example.com>"}),
        ("ana@acme.example.com", {"X_Auto_Response_Suppress": "OOF"}),
        ("no-reply@acme.example.com", {}),
        ("postmaster@acme.example.com", {}),
        ("suporte@portal.example.com", {}),  # our own alert, sent to a sector address read here
        ("ana@acme.example.com", {"X_Portal_Outbox_Id": "12"}),
    ],
)
def test_automatic_mail_from_a_customer_opens_nothing(inbound_on, customer, support, sender, headers):
    record, acted = inbound_process(raw=raw_mail(sender, **headers))
    assert acted and record.outcome == InboundEmail.Outcome.AUTOMATIC
    assert Ticket.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_auto_submitted_no_is_a_person(customer, support):
    record, _ = inbound_process(raw=raw_mail("ana@acme.example.com", Auto_Submitted="no"))
    assert record.outcome == InboundEmail.Outcome.OPENED


def test_empty_message_opens_nothing(customer, support):
    record, _ = inbound_process(raw=raw_mail("ana@acme.example.com", body="\n"))
    assert record.outcome == InboundEmail.Outcome.EMPTY
    assert Ticket.objects.count() == 0


def test_new_email_goes_to_configured_sector(settings, customer, support, finance):
    settings.INBOUND_DEFAULT_SECTOR = "financeiro"
    inbound_process(raw=raw_mail("ANA@acme.example.com", subject="Boleto"))
    ticket = Ticket.objects.get()
    assert (ticket.sector, ticket.subject, ticket.channel) == (finance, "Boleto", "email")


def test_inactive_user_is_an_unknown_sender(customer, support):
    customer.is_active = False
    customer.save()
    record, _ = inbound_process(raw=raw_mail("ana@acme.example.com"))
    assert record.outcome == InboundEmail.Outcome.UNKNOWN_SENDER
    assert Ticket.objects.count() == 0


def test_unknown_senders_are_not_answered_unless_configured(settings, support):
    settings.INBOUND_AUTO_ANSWER = False
    inbound_process(raw=raw_mail("curioso@example.org"))
    assert OutboundEmail.objects.count() == 0


# Configuration


def test_imap_url_parsing():
    config = parse_imap_url("imaps://suporte%40example.com:p%3Ass@imap.example.com/Suporte")
    assert (config.security, config.host, config.port) == ("tls", "imap.example.com", 993)
    assert (config.username, config.password, config.folder) == ("suporte@example.com", "p:ss", "Suporte")
    config = parse_imap_url("imap+starttls://u:p@imap.example.com")
    assert (config.security, config.port, config.folder) == ("starttls", 143, "INBOX")
    assert parse_imap_url("imap://u:p@127.0.0.1:1143/INBOX").security == "plain"
    for bad in ("imap://u:p@imap.example.com/INBOX", "pop3://u:p@host", "imaps://imap.example.com"):
        with pytest.raises(ImproperlyConfigured):
            parse_imap_url(bad)


def test_poller_is_off_without_a_mailbox(settings):
    settings.INBOUND_IMAP_URL = ""
    assert fetch_mail_task() == {}
    with pytest.raises(CommandError):
        call_command("fetch_mail")


def test_incoming_emails_are_listed_read_only_for_staff(staff_client, customer, support):
    inbound_process(raw=raw_mail("curioso@example.org", subject="Orçamento"))
    page = staff_client.get("/admin/tickets/inboundemail/?outcome__exact=unknown_sender")
    assert "curioso@example.org" in page.content.decode()
    assert staff_client.get("/admin/tickets/inboundemail/add/").status_code == 403
