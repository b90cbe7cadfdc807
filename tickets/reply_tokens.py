"""The per-ticket reply token of ticket e-mails: "t1042.<signature>", in the Reply-To address
(suporte+t1042.<signature>@example.com) and in a footer line of the text.

The signature is an HMAC of the ticket number under SECRET_KEY (Django's salted_hmac, what
django.core.signing is made of), in lowercase hex because some mail servers change the case
of the local part: guessing a ticket number gets nothing, and a token never names another
ticket. Replying by e-mail is on when an inbound address is configured.
"""

from __future__ import annotations

import re
from email.utils import parseaddr

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

_SALT = "tickets.reply-token"
# 80 bits: far beyond guessing, short enough for a 64-character local part.
_SIGNATURE_LENGTH = 20
TOKEN_RE = re.compile(rf"(?<![0-9a-z])t(\d{{1,9}})\.([0-9a-f]{{{_SIGNATURE_LENGTH}}})(?![0-9a-z])", re.I)


def inbound_address() -> str:
    """The support mailbox address answers go to, or "" when replying by e-mail is off."""
    address = settings.INBOUND_EMAIL_ADDRESS
    if not address and settings.INBOUND_IMAP_URL:
        address = settings.DEFAULT_FROM_EMAIL
    return parseaddr(address)[1] if address else ""


def _signature(number: int) -> str:
    return salted_hmac(_SALT, str(number), algorithm="sha256").hexdigest()[:_SIGNATURE_LENGTH]


def reply_token(number: int) -> str:
    return f"t{number}.{_signature(number)}"


def reply_address(number: int | None) -> str:
    """suporte+t1042.<signature>@example.com, or "" when replying by e-mail is off."""
    address = inbound_address()
    if not address or number is None:
        return ""
    local, _at, domain = address.rpartition("@")
    return f"{local}+{reply_token(number)}@{domain}"


def reply_footer(number: int | None) -> str:
    """The footer line of a ticket e-mail (in the active language), or "" when off."""
    if not inbound_address() or number is None:
        return ""
    return _("Reply to this e-mail to write on the ticket (keep this reference: [%(token)s]).") % {
        "token": reply_token(number)
    }


def ticket_number_from(text: str) -> int | None:
    """The ticket number of the first validly signed token in `text` (an address, a body)."""
    for match in TOKEN_RE.finditer(text or ""):
        number = int(match[1])
        if constant_time_compare(match[2].lower(), _signature(number)):
            return number
    return None
