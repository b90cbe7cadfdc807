"""The support mailbox, read over IMAP (imap-tools): the poller behind `manage.py fetch_mail`
and the Celery beat task. What a message does is tickets/inbound.py.

Order per message: download it (without setting \\Seen), process it (its Message-ID is
recorded in the same transaction as the effect), and only after that commit flag it \\Seen.
A poller that dies in between leaves the message unseen; the next run finds its Message-ID
already recorded, does nothing again and flags it. Two pollers at once are safe the same way.
"""

from __future__ import annotations

import logging
import ssl
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from imap_tools import AND, BaseMailBox, MailBox, MailBoxStartTls, MailBoxUnencrypted, MailMessageFlags

from .inbound import inbound_process, inbound_record_too_large

logger = logging.getLogger(__name__)

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@dataclass(frozen=True)
class ImapConfig:
    security: str  # "tls", "starttls" or "plain"
    host: str
    port: int
    username: str
    password: str
    folder: str


def parse_imap_url(url: str) -> ImapConfig:
    """imaps://user:pass@host:993/INBOX (TLS), imap+starttls://user:pass@host:143/INBOX, or
    imap://user:pass@127.0.0.1:1143/INBOX (no encryption: loopback only, for tests). The user
    and password are percent-decoded (an "@" in the user name is %40)."""
    parts = urlsplit(url)
    schemes = {"imaps": ("tls", 993), "imap+starttls": ("starttls", 143), "imap": ("plain", 143)}
    if parts.scheme not in schemes:
        raise ImproperlyConfigured(
            f"INBOUND_IMAP_URL: unknown scheme {parts.scheme!r} (use imaps or imap+starttls)"
        )
    security, default_port = schemes[parts.scheme]
    host = parts.hostname or ""
    if not host or not parts.username:
        raise ImproperlyConfigured("INBOUND_IMAP_URL needs a user and a host")
    if security == "plain" and host not in _LOOPBACK:
        raise ImproperlyConfigured("INBOUND_IMAP_URL: imap:// without TLS only to 127.0.0.1; use imaps://")
    return ImapConfig(
        security=security,
        host=host,
        port=parts.port or default_port,
        username=unquote(parts.username),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


def imap_connect(config: ImapConfig) -> BaseMailBox:
    """A logged-in mailbox on the configured folder (certificates verified)."""
    timeout = settings.INBOUND_IMAP_TIMEOUT
    mailbox: BaseMailBox
    if config.security == "tls":
        mailbox = MailBox(config.host, config.port, timeout=timeout, ssl_context=ssl.create_default_context())
    elif config.security == "starttls":
        mailbox = MailBoxStartTls(
            config.host, config.port, timeout=timeout, ssl_context=ssl.create_default_context()
        )
    else:
        mailbox = MailBoxUnencrypted(config.host, config.port, timeout=timeout)
    return mailbox.login(config.username, config.password, initial_folder=config.folder)


def _raw(mailbox, uid: str) -> bytes | None:
    """The message exactly as stored (BODY.PEEK: reading it does not set \\Seen)."""
    typ, data = mailbox.client.uid("FETCH", uid, "(BODY.PEEK[])")
    if typ != "OK":
        return None
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return None


def fetch_mail(*, url: str | None = None, limit: int = 200) -> Counter:
    """Read the unseen messages of the support mailbox (at most `limit`) and process each
    once. Returns how many ended in each outcome ("duplicate" for ones already processed,
    "error" for ones left unseen to try again)."""
    config = parse_imap_url(url or settings.INBOUND_IMAP_URL)
    counts: Counter = Counter()
    with imap_connect(config) as mailbox:
        headers = list(
            mailbox.fetch(AND(seen=False), mark_seen=False, headers_only=True, limit=limit, bulk=True)
        )
        for header in headers:
            uid = header.uid
            if not uid:
                continue
            if header.size_rfc822 > settings.INBOUND_MAX_BYTES:
                message_id = (header.headers.get("message-id") or (f"<uid-{uid}@too-large.invalid>",))[0]
                inbound_record_too_large(
                    message_id=message_id,
                    from_email=header.from_,
                    subject=header.subject,
                    size=header.size_rfc822,
                )
                counts["too_large"] += 1
                mailbox.flag(uid, MailMessageFlags.SEEN, True)
                continue
            raw = _raw(mailbox, uid)
            if raw is None:
                counts["error"] += 1
                continue
            try:
                record, acted = inbound_process(raw=raw)
            except Exception:
                # Left unseen: tried again on the next poll (nothing of it was saved).
                logger.exception("Inbound e-mail uid %s could not be processed", uid)
                counts["error"] += 1
                continue
            counts[record.outcome if acted else "duplicate"] += 1
            mailbox.flag(uid, MailMessageFlags.SEEN, True)
    if counts:
        logger.info("fetch_mail: %s", dict(counts))
    return counts
