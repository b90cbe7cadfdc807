"""Reply by e-mail: what the portal does with one message read from the support mailbox.

`inbound_process(raw=...)` takes the RFC 5322 bytes and, exactly once per Message-ID:
- matches it to a ticket by In-Reply-To/References (the Message-IDs of our own ticket
  e-mails, recorded with their outbox rows), then by the signed reply token (tickets/
  reply_tokens.py) in the recipient address or the text;
- lets the sender write only where the portal would (the ticket's owner, a colleague it is
  shared with, or staff): anything else is refused without touching the ticket, and kept
  as an InboundEmail row for staff;
- adds the reply without quoted history and signature, with its attachments checked like
  the portal's; a reply on a closed ticket opens a follow-up ticket that references it;
- a new message (not a reply) from a known customer opens a ticket (channel "e-mail");
- ignores automatic mail (auto-replies, bounces, lists) so two robots never loop.

Reading the mailbox is tickets/mailbox.py; this module never talks IMAP.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr

import html2text
import nh3
from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from mailparser_reply import constants as reply_constants
from mailparser_reply.parser import EmailMessage as ReplyText

from accounts.models import User
from notifications.models import OutboundEmail
from notifications.outbox import email_send
from portal.forms import MultipleFileField

from . import services
from .models import InboundEmail, Sector, Ticket
from .reply_tokens import inbound_address, ticket_number_from

logger = logging.getLogger(__name__)

# Addresses that are machines: never answered, never a ticket.
_MACHINE_LOCAL_PARTS = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|auto-?reply)([+.-].*)?$", re.I
)
_PRECEDENCE_AUTOMATIC = {"bulk", "junk", "list", "auto_reply"}

# Portuguese for the reply parser (it ships English, German, Spanish... but not Portuguese):
# Gmail's "Em seg., 1 de dez. de 2026 às 10:00, Fulano <f@x> escreveu:" (sometimes wrapped
# over two lines), Outlook's "De: / Enviado: / Para: / Assunto:" block, and the usual
# closings and "Enviado do meu iPhone". Closings that also start real sentences
# ("Obrigado, funcionou") are deliberately not listed.
_QUOTED = reply_constants.QUOTED_MATCH_INCLUDE
reply_constants.MAIL_LANGUAGES.setdefault(
    "pt",
    {
        "wrote_header": r"^(?!Em[.\s]*Em\s(.+?\s?.+?)\sescreveu:)("
        + _QUOTED
        + r"Em\s(?:.+?\s?.+?)\s?escreveu:)$",
        "from_header": r"((?:(?:^|\n|\n"
        + _QUOTED
        + r")[* ]*(?:De|Enviado|Enviada|Para|Assunto|Data|Cc|Organização):[ *]*"
        + r"(?:\s{,2}).*){2,}(?:\n.*){,1})",
        "disclaimers": ["Aviso:", "Aviso de confidencialidade:", "Confidencialidade:", "AVISO LEGAL:"],
        "signatures": ["Atenciosamente", "Att[.,]", "Abraços", "Abs[.,]", "Cordialmente", "Saudações"],
        "sent_from": r"Enviado do meu|Enviado de meu|Enviado do Outlook|Obter o Outlook para",
    },
)
REPLY_LANGUAGES = ["pt", "en", "es"]


@dataclass
class IncomingEmail:
    """The parts of one message the portal uses."""

    message_id: str
    from_email: str
    subject: str
    text: str
    reply_text: str
    recipients: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    files: list[SimpleUploadedFile] = field(default_factory=list)
    automatic: str = ""


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except Exception:  # noqa: BLE001 - a malformed header is treated as absent
        return ""


def html_to_text(html: str) -> str:
    """Text of an HTML-only e-mail: sanitized first (scripts, styles and their content go),
    then turned into plain text. The result is shown escaped, like any customer text."""
    converter = html2text.HTML2Text(bodywidth=0)
    converter.ignore_images = True
    converter.ignore_emphasis = True
    converter.ignore_tables = True
    return converter.handle(nh3.clean(html)).strip()


def strip_quoted(text: str) -> str:
    """The newest part of a reply: without quoted history ("Em ... escreveu:", "On ... wrote:",
    Outlook's header block, "> " lines) or signature."""
    text = text.replace("\r\n", "\n")
    parsed = ReplyText(text=text, languages=REPLY_LANGUAGES, keep_hyphen_lists=True).read()
    reply = parsed.replies[0].body if parsed.replies else text
    # A "-- " signature delimiter and any "> " quote the parser left at the end.
    reply = re.split(r"^-- ?$", reply, maxsplit=1, flags=re.M)[0]
    lines = reply.rstrip().split("\n")
    while lines and (lines[-1].startswith(">") or not lines[-1].strip()):
        lines.pop()
    return "\n".join(lines).strip()


def _our_addresses() -> set[str]:
    addresses = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(), inbound_address().lower()}
    return addresses - {""}


def _automatic_reason(message: EmailMessage, from_email: str) -> str:
    # Our own e-mails (a team alert sent to a sector address that is this mailbox).
    if _header(message, "X-Portal-Outbox-Id") or from_email in _our_addresses():
        return "sent by the portal"
    auto_submitted = _header(message, "Auto-Submitted").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    precedence = _header(message, "Precedence").strip().lower()
    if precedence in _PRECEDENCE_AUTOMATIC:
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "List-Id", "List-Unsubscribe"):
        if _header(message, name):
            return name
    if _header(message, "X-Auto-Response-Suppress").strip().lower() in {"all", "oof"}:
        return "X-Auto-Response-Suppress"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    if _header(message, "Return-Path").strip() == "<>":
        return "null sender"
    if not from_email or _MACHINE_LOCAL_PARTS.match(from_email.partition("@")[0]):
        return f"machine sender {from_email or '(none)'}"
    return ""


def _message_ids(value: str) -> list[str]:
    return re.findall(r"<[^<>\s]+>", value)


def _body_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    try:
        content = body.get_content()
    except (LookupError, UnicodeError):
        payload = body.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if body.get_content_type() == "text/html":
        return html_to_text(content)
    return content


def _files(message: EmailMessage) -> list[SimpleUploadedFile]:
    files = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        disposition = part.get_content_disposition()
        if disposition != "attachment" and not filename:
            continue
        # Pictures embedded in the HTML (signature logos) are not files the person sent.
        if disposition == "inline" and part.get("Content-ID") and part.get_content_maintype() == "image":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            payload = b""
        files.append(SimpleUploadedFile(filename or "file", payload, part.get_content_type()))
    return files


def parse_email(raw: bytes) -> IncomingEmail:
    message: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[assignment]
    from_email = parseaddr(_header(message, "From"))[1].strip().lower()
    subject = " ".join(_header(message, "Subject").split())
    text = _body_text(message)
    message_id = (_message_ids(_header(message, "Message-ID")) or [""])[0]
    if not message_id:
        # A stable id for a message without one: a second delivery of it hashes the same.
        digest = hashlib.sha256(
            "\n".join([from_email, _header(message, "Date"), subject, text]).encode("utf-8", "replace")
        ).hexdigest()
        message_id = f"<{digest}@no-message-id.invalid>"
    references = _message_ids(_header(message, "In-Reply-To"))
    references += list(reversed(_message_ids(_header(message, "References"))))
    recipients = [
        address
        for name in ("To", "Cc", "Delivered-To", "X-Original-To")
        for _name, address in getaddresses(message.get_all(name, []) or [])
    ]
    return IncomingEmail(
        message_id=message_id[:255],
        from_email=from_email,
        subject=subject,
        text=text,
        reply_text=strip_quoted(text),
        recipients=recipients,
        references=references,
        files=_files(message),
        automatic=_automatic_reason(message, from_email),
    )


def _ticket_for(mail: IncomingEmail) -> Ticket | None:
    """In-Reply-To/References first (our own Message-IDs), then a signed token."""
    for reference in mail.references:
        outbound = OutboundEmail.from_message_id(reference)
        if outbound is not None and outbound.thread.startswith("ticket:"):
            ticket = Ticket.objects.filter(pk=int(outbound.thread.partition(":")[2])).first()
            if ticket is not None:
                return ticket
    number = ticket_number_from(" ".join(mail.recipients)) or ticket_number_from(mail.text)
    if number is not None:
        return Ticket.objects.filter(number=number).first()
    return None


def _sender(mail: IncomingEmail) -> User | None:
    if not mail.from_email:
        return None
    return User.objects.filter(email__iexact=mail.from_email, is_active=True).first()


def _may_write(user: User, ticket: Ticket) -> bool:
    return user.is_staff or Ticket.objects.visible_to(user).filter(pk=ticket.pk).exists()


def _accepted_files(mail: IncomingEmail, language: str) -> tuple[list, str]:
    """The files that pass the portal's own checks (MultipleFileField: size, empty, count),
    and a note naming the ones left out, in the sender's language."""
    field = MultipleFileField()
    accepted: list[SimpleUploadedFile] = []
    refused: list[str] = []
    with translation.override(language):
        for upload in mail.files:
            try:
                field.clean([upload])
            except forms.ValidationError as error:
                refused.extend(error.messages)
                continue
            if len(accepted) >= settings.ATTACHMENT_MAX_FILES:
                refused.append(_("The file “%(name)s” was left out: too many files.") % {"name": upload.name})
                continue
            accepted.append(upload)
        note = ""
        if refused:
            note = _("Files not accepted:") + "\n" + "\n".join(f"- {line}" for line in refused)
    return accepted, note


def _default_sector() -> Sector | None:
    if settings.INBOUND_DEFAULT_SECTOR:
        sector = Sector.objects.active().filter(name__iexact=settings.INBOUND_DEFAULT_SECTOR).first()
        if sector is not None:
            return sector
        logger.warning("INBOUND_DEFAULT_SECTOR %r is not an active sector", settings.INBOUND_DEFAULT_SECTOR)
    return Sector.objects.default()


def _auto_answer(record: InboundEmail, mail: IncomingEmail) -> None:
    """Point an unknown sender to the portal: at most once per address per
    INBOUND_AUTO_ANSWER_HOURS, never to a machine (checked before we get here)."""
    if not settings.INBOUND_AUTO_ANSWER or not mail.from_email:
        return
    since = timezone.now() - timedelta(hours=settings.INBOUND_AUTO_ANSWER_HOURS)
    if InboundEmail.objects.filter(
        from_email__iexact=mail.from_email, answered=True, received_at__gte=since
    ).exists():
        return
    email_send(
        to_email=mail.from_email,
        template="tickets/emails/inbound_unknown_sender",
        context={"subject": mail.subject},
        auto_submitted=True,
    )
    record.answered = True


def _act(record: InboundEmail, mail: IncomingEmail) -> None:
    """Decide and do; sets record.outcome (and ticket, message, detail)."""
    Outcome = InboundEmail.Outcome
    if mail.automatic:
        record.outcome, record.detail = Outcome.AUTOMATIC, mail.automatic
        return
    sender = _sender(mail)
    ticket = _ticket_for(mail)
    if ticket is None:
        if sender is None or sender.is_staff:
            record.outcome = Outcome.UNKNOWN_SENDER
            if sender is None:
                _auto_answer(record, mail)
            else:
                record.detail = "A team member's new e-mail does not open a ticket."
            return
        _open_ticket(record, mail, sender)
        return
    record.ticket = ticket
    if sender is None or not _may_write(sender, ticket):
        record.outcome = Outcome.FORBIDDEN
        record.detail = f"{mail.from_email} may not write on {ticket.display_number}"
        return
    files, note = _accepted_files(mail, sender.language or settings.LANGUAGE_CODE)
    body = "\n\n".join(part for part in (mail.reply_text, note) if part)
    if not body and not files:
        record.outcome = Outcome.EMPTY
        return
    if sender.is_staff:
        record.ticket_message = services.ticket_staff_update(
            ticket=ticket, actor=sender, body=body, files=files
        )
        record.outcome = Outcome.REPLY
        return
    if not ticket.is_closed:
        try:
            record.ticket_message = services.ticket_reply(
                ticket=ticket, author=sender, body=body, files=files
            )
        except PermissionDenied:
            pass  # closed meanwhile: the reply becomes a follow-up below
        else:
            record.outcome = Outcome.REPLY
            return
    follow_up = services.ticket_follow_up(
        ticket=ticket, author=sender, body=body, files=files, channel=Ticket.Channel.EMAIL
    )
    record.ticket = follow_up
    record.ticket_message = follow_up.messages.first()
    record.outcome = Outcome.FOLLOW_UP
    record.detail = f"follow-up of {ticket.display_number}"


def _open_ticket(record: InboundEmail, mail: IncomingEmail, sender: User) -> None:
    sector = _default_sector()
    if sector is None:
        raise RuntimeError("No active sector for tickets opened by e-mail")
    files, note = _accepted_files(mail, sender.language or settings.LANGUAGE_CODE)
    body = "\n\n".join(part for part in (mail.reply_text or mail.text.strip(), note) if part)
    if not body and not files:
        record.outcome = InboundEmail.Outcome.EMPTY
        return
    with translation.override(sender.language or settings.LANGUAGE_CODE):
        subject = mail.subject[:200] or _("(no subject)")
    ticket = services.ticket_open(
        customer=sender,
        sector=sector,
        subject=subject,
        description=body,
        files=files,
        origin=services.Origin(channel=Ticket.Channel.EMAIL),
    )
    record.ticket = ticket
    record.ticket_message = ticket.messages.first()
    record.outcome = InboundEmail.Outcome.OPENED


def inbound_record_too_large(*, message_id: str, from_email: str, subject: str, size: int) -> bool:
    """Record a message too large to download (once). Returns False if already recorded."""
    try:
        with transaction.atomic():
            InboundEmail.objects.create(
                message_id=message_id[:255],
                from_email=parseaddr(from_email)[1][:254],
                subject=subject[:255],
                outcome=InboundEmail.Outcome.TOO_LARGE,
                detail=f"{size} bytes (limit {settings.INBOUND_MAX_BYTES})",
            )
    except IntegrityError:
        return False
    return True


def inbound_process(*, raw: bytes) -> tuple[InboundEmail, bool]:
    """Do what one e-mail asks, once. Returns (its record, whether this call acted).

    The record's unique Message-ID is inserted in the same transaction as the effect (the
    reply, the ticket, their e-mails): a second delivery, a second poller or a rerun after a
    crash finds the row and does nothing (on PostgreSQL a concurrent insert waits for the
    first transaction and then fails). If the effect fails, nothing is kept and the message
    is tried again on the next poll.
    """
    mail = parse_email(raw)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = InboundEmail.objects.create(
                    message_id=mail.message_id,
                    from_email=mail.from_email[:254],
                    subject=mail.subject[:255],
                )
        except IntegrityError:
            return InboundEmail.objects.get(message_id=mail.message_id), False
        _act(record, mail)
        record.save()
    if record.is_refused:
        logger.warning("Inbound e-mail %s refused: %s %s", record.message_id, record.outcome, record.detail)
    return record, True
