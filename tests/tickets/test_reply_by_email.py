"""Reply by e-mail against a real IMAP server (Dovecot, started by scripts/dovecot-test.sh).

Each test appends real RFC 5322 messages to its own folder with IMAP APPEND, runs the
poller (tickets.mailbox.fetch_mail) and checks what a person would see: messages on the
ticket, tickets opened, e-mails queued, rows in the admin. Without TEST_IMAP_URL these
tests skip; with CI=true they fail instead.
"""

import pytest
from imap_tools import MailBoxUnencrypted

from notifications.models import OutboundEmail
from tickets import mailbox as mailbox_module
from tickets import services
from tickets.mailbox import fetch_mail
from tickets.models import Attachment, InboundEmail, Message, Ticket
from tickets.reply_tokens import reply_address

from .imap import append, imap_test_folder, mail

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def imap_folder():
    with imap_test_folder() as folder:
        yield folder


@pytest.fixture(autouse=True)
def _inbound(settings):
    settings.INBOUND_EMAIL_ADDRESS = "suporte@portal.example.com"
    settings.INBOUND_AUTO_ANSWER = False


def outgoing_message_id(ticket, to_email):
    email = OutboundEmail.objects.filter(thread=f"ticket:{ticket.pk}", to_email=to_email).latest("pk")
    return email.message_id


@pytest.fixture
def opened(customer, support):
    """A ticket opened in the portal: its confirmation e-mail is what the customer answers."""
    return services.ticket_open(
        customer=customer, sector=support, subject="Erro ao emitir nota", description="Não emite."
    )


def test_reply_is_threaded_and_quoted_text_stripped(imap_folder, opened, customer):
    url, box, folder = imap_folder
    quoted = (
        "Reiniciei e funcionou, obrigado.\n\n"
        "Em ter., 1 de dez. de 2026 às 10:00, Portal do Cliente <suporte@portal.example.com> escreveu:\n"
        "> Recebemos seu chamado.\n> Não emite.\n"
    )
    append(
        box,
        folder,
        mail(
            sender="Ana <ana@acme.example.com>",
            body=quoted,
            in_reply_to=outgoing_message_id(opened, customer.email),
        ),
    )

    assert fetch_mail(url=url)["reply"] == 1

    reply = opened.messages.order_by("pk").last()
    assert reply.author == customer
    assert reply.body == "Reiniciei e funcionou, obrigado."
    record = InboundEmail.objects.get()
    assert (record.outcome, record.ticket, record.ticket_message) == ("reply", opened, reply)
    # \Seen only after it was processed.
    assert ["\\Seen" in m.flags for m in box.fetch(mark_seen=False)] == [True]


def test_reply_matched_by_signed_token_and_attachment_kept(imap_folder, ticket, customer, settings):
    url, box, folder = imap_folder
    settings.ATTACHMENT_MAX_BYTES = 1000
    files = [
        ("nota.pdf", b"%PDF-1.4 conteudo", "application/pdf"),
        ("enorme.bin", b"x" * 2000, "application/octet-stream"),
    ]
    append(box, folder, mail(sender="ana@acme.example.com", to=reply_address(ticket.number), files=files))

    assert fetch_mail(url=url)["reply"] == 1

    reply = ticket.messages.order_by("pk").last()
    attachment = Attachment.objects.get(message=reply)
    assert attachment.name == "nota.pdf"
    assert attachment.file.read() == b"%PDF-1.4 conteudo"
    # The one over the portal's limit is left out, and the message says so.
    assert reply.body.startswith("Segue a resposta.")
    assert "enorme.bin" in reply.body


def test_forged_sender_is_refused_and_counted_for_staff(
    imap_folder, opened, customer, stranger, staff_client
):
    url, box, folder = imap_folder
    before = opened.messages.count()
    append(
        box,
        folder,
        mail(sender="outro@rival.example.com", in_reply_to=outgoing_message_id(opened, customer.email)),
        mail(sender="ninguem@example.org", to=reply_address(opened.number)),
    )

    assert fetch_mail(url=url)["forbidden"] == 2

    opened.refresh_from_db()
    assert opened.messages.count() == before
    assert opened.status == Ticket.Status.NEW
    page = staff_client.get("/admin/tickets/inboundemail/?outcome__exact=forbidden")
    assert "outro@rival.example.com" in page.content.decode()
    assert "ninguem@example.org" in page.content.decode()


def test_guessed_token_gets_nothing(imap_folder, ticket, stranger):
    url, box, folder = imap_folder
    guessed = f"suporte+t{ticket.number}.0123456789abcdef0123@portal.example.com"
    before = Message.objects.count()
    append(box, folder, mail(sender="outro@rival.example.com", to=guessed, body="Quero ver."))

    fetch_mail(url=url)

    # Not matched to the ticket: the stranger's mail opened their own ticket, nothing else.
    assert not ticket.messages.filter(author=stranger).exists()
    assert Message.objects.count() == before + 1
    assert Ticket.objects.get(customer=stranger).related_to is None


def test_auto_reply_loop_refused(imap_folder, opened, customer, settings):
    url, box, folder = imap_folder
    settings.INBOUND_AUTO_ANSWER = True
    in_reply_to = outgoing_message_id(opened, customer.email)
    emails_before = OutboundEmail.objects.count()
    append(
        box,
        folder,
        mail(
            sender="ana@acme.example.com",
            subject="Ausência temporária",
            body="Estou de férias.",
            in_reply_to=in_reply_to,
            headers={"Auto-Submitted": "auto-replied"},
        ),
        mail(sender="MAILER-DAEMON@mx.example.com", subject="Undelivered", body="failed"),
        mail(sender="robo@lista.example.com", body="news", headers={"Precedence": "bulk"}),
    )

    assert fetch_mail(url=url)["automatic"] == 3

    assert opened.messages.count() == 1
    assert OutboundEmail.objects.count() == emails_before  # nobody was answered
    assert Ticket.objects.count() == 1


def test_duplicate_delivery_processed_once(imap_folder, opened, customer):
    url, box, folder = imap_folder
    raw = mail(sender="ana@acme.example.com", in_reply_to=outgoing_message_id(opened, customer.email))
    append(box, folder, raw, raw)

    counts = fetch_mail(url=url)

    assert (counts["reply"], counts["duplicate"]) == (1, 1)
    assert opened.messages.filter(body="Segue a resposta.").count() == 1
    assert all("\\Seen" in m.flags for m in box.fetch(mark_seen=False))


def test_message_without_message_id_processed_once(imap_folder, opened, customer):
    url, box, folder = imap_folder
    raw = mail(sender="ana@acme.example.com", to=reply_address(opened.number), message_id=False)
    append(box, folder, raw, raw)

    counts = fetch_mail(url=url)

    assert (counts["reply"], counts["duplicate"]) == (1, 1)
    assert InboundEmail.objects.get().message_id.endswith("@no-message-id.invalid>")


def test_poller_killed_mid_batch_then_rerun_processes_each_once(imap_folder, opened, customer, monkeypatch):
    url, box, folder = imap_folder
    in_reply_to = outgoing_message_id(opened, customer.email)
    append(
        box,
        folder,
        *[mail(sender="ana@acme.example.com", body=f"Parte {n}", in_reply_to=in_reply_to) for n in (1, 2, 3)],
    )
    real_flag = MailBoxUnencrypted.flag
    calls = []

    def dies_on_second_flag(self, *args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            # Killed after the second message was committed, before it was flagged \Seen.
            raise KeyboardInterrupt
        return real_flag(self, *args, **kwargs)

    monkeypatch.setattr(MailBoxUnencrypted, "flag", dies_on_second_flag)
    with pytest.raises(KeyboardInterrupt):
        fetch_mail(url=url)
    monkeypatch.setattr(MailBoxUnencrypted, "flag", real_flag)

    counts = fetch_mail(url=url)

    assert (counts["duplicate"], counts["reply"]) == (1, 1)
    for n in (1, 2, 3):
        assert opened.messages.filter(body=f"Parte {n}").count() == 1
    assert fetch_mail(url=url) == {}


def test_new_email_from_known_customer_opens_ticket(imap_folder, colleague, support, settings):
    url, box, folder = imap_folder
    append(
        box,
        folder,
        mail(
            sender="Bruno <bruno@acme.example.com>",
            subject="Relatório não abre",
            body="O relatório de vendas dá erro.",
            files=[("erro.txt", b"stack trace", "text/plain")],
        ),
    )

    assert fetch_mail(url=url)["opened"] == 1

    ticket = Ticket.objects.get()
    assert (ticket.customer, ticket.sector, ticket.channel) == (colleague, support, Ticket.Channel.EMAIL)
    assert ticket.subject == "Relatório não abre"
    assert ticket.messages.get().body == "O relatório de vendas dá erro."
    assert ticket.messages.get().attachments.get().name == "erro.txt"
    confirmation = OutboundEmail.objects.get(to_email="bruno@acme.example.com")
    assert confirmation.reply_to == reply_address(ticket.number)


def test_unknown_sender_creates_nothing_and_is_answered_once(imap_folder, support, settings):
    url, box, folder = imap_folder
    settings.INBOUND_AUTO_ANSWER = True
    append(
        box,
        folder,
        mail(sender="curioso@example.org", subject="Orçamento"),
        mail(sender="curioso@example.org", subject="Orçamento de novo"),
    )

    assert fetch_mail(url=url)["unknown_sender"] == 2

    assert Ticket.objects.count() == 0
    answer = OutboundEmail.objects.get()  # rate-limited: one answer for two messages
    assert answer.to_email == "curioso@example.org"
    assert answer.auto_submitted
    assert answer.as_message().extra_headers["Auto-Submitted"] == "auto-replied"
    assert "/chamados/novo/" in answer.body_text


def test_reply_on_closed_ticket_opens_follow_up(imap_folder, ticket, customer):
    url, box, folder = imap_folder
    Ticket.objects.filter(pk=ticket.pk).update(status=Ticket.Status.CLOSED)
    append(
        box,
        folder,
        mail(sender="ana@acme.example.com", to=reply_address(ticket.number), body="Voltou a falhar."),
    )

    assert fetch_mail(url=url)["follow_up"] == 1

    follow_up = Ticket.objects.exclude(pk=ticket.pk).get()
    assert follow_up.related_to == ticket
    assert follow_up.channel == Ticket.Channel.EMAIL
    assert follow_up.messages.get().body == "Voltou a falhar."
    assert ticket.messages.count() == 1


def test_html_only_reply_becomes_safe_text(imap_folder, ticket, customer):
    url, box, folder = imap_folder
    html = "<p>Olá <b>equipe</b></p><script>alert(1)</script><style>p{}</style><p>Linha 2</p>"
    append(box, folder, mail(sender="ana@acme.example.com", to=reply_address(ticket.number), html=html))

    fetch_mail(url=url)

    body = ticket.messages.order_by("pk").last().body
    assert "Olá equipe" in body and "Linha 2" in body
    assert "alert" not in body and "<" not in body


def test_staff_reply_by_email_is_a_public_reply(imap_folder, ticket, staff, customer):
    url, box, folder = imap_folder
    append(
        box,
        folder,
        mail(sender="equipe@portal.example.com", to=reply_address(ticket.number), body="Corrigido."),
    )

    assert fetch_mail(url=url)["reply"] == 1

    reply = ticket.messages.order_by("pk").last()
    assert (reply.author, reply.internal, reply.body) == (staff, False, "Corrigido.")
    assert customer.notifications.filter(link=ticket.get_absolute_url()).exists()


def test_colleague_may_reply_on_shared_ticket(imap_folder, ticket, colleague, organization):
    url, box, folder = imap_folder
    organization.share_tickets = True
    organization.save()
    append(box, folder, mail(sender="bruno@acme.example.com", to=reply_address(ticket.number)))

    assert fetch_mail(url=url)["reply"] == 1
    assert ticket.messages.order_by("pk").last().author == colleague


def test_colleague_refused_when_tickets_not_shared(imap_folder, ticket, colleague, organization):
    url, box, folder = imap_folder
    organization.share_tickets = False
    organization.save()
    append(box, folder, mail(sender="bruno@acme.example.com", to=reply_address(ticket.number)))

    assert fetch_mail(url=url)["forbidden"] == 1
    assert ticket.messages.count() == 1


def test_fetch_mail_command(imap_folder, ticket, customer, settings, capsys):
    from django.core.management import call_command

    url, box, folder = imap_folder
    settings.INBOUND_IMAP_URL = url
    append(box, folder, mail(sender="ana@acme.example.com", to=reply_address(ticket.number)))

    call_command("fetch_mail")

    assert "reply: 1" in capsys.readouterr().out
    assert mailbox_module.fetch_mail(url=url) == {}


def test_message_too_large_is_refused_unread(imap_folder, ticket, customer, settings):
    url, box, folder = imap_folder
    settings.INBOUND_MAX_BYTES = 2000
    append(
        box,
        folder,
        mail(
            sender="ana@acme.example.com",
            to=reply_address(ticket.number),
            files=[("grande.bin", b"x" * 5000, "application/octet-stream")],
        ),
    )

    assert fetch_mail(url=url)["too_large"] == 1

    assert ticket.messages.count() == 1
    assert InboundEmail.objects.get().outcome == InboundEmail.Outcome.TOO_LARGE
    assert fetch_mail(url=url) == {}
