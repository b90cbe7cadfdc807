"""Helpers for the tests that talk to a real IMAP server (scripts/dovecot-test.sh)."""

import os
import uuid
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.utils import timezone
from imap_tools import MailBoxUnencrypted

from tests.helpers import IN_CI

TEST_IMAP_URL = os.environ.get("TEST_IMAP_URL", "")


@contextmanager
def imap_test_folder():
    """A folder of its own on the test server (tests run in parallel), deleted afterwards.
    Gives (the poller's URL for that folder, a logged-in imap-tools mailbox, the folder).
    Skips without TEST_IMAP_URL, fails instead when CI=true."""
    if not TEST_IMAP_URL:
        message = 'needs TEST_IMAP_URL (eval "$(scripts/dovecot-test.sh start)"; bash .ci/run does it)'
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    parts = urlsplit(TEST_IMAP_URL)
    folder = f"test-{uuid.uuid4().hex[:12]}"
    url = urlunsplit(parts._replace(path=f"/{folder}"))
    box = MailBoxUnencrypted(parts.hostname, parts.port).login(parts.username, parts.password)
    box.folder.create(folder)
    box.folder.set(folder)
    try:
        yield url, box, folder
    finally:
        box.folder.set("INBOX")
        box.folder.delete(folder)
        box.logout()


def mail(
    *,
    sender,
    subject="Re: chamado",
    body="Segue a resposta.",
    to="suporte@portal.example.com",
    in_reply_to=None,
    headers=None,
    files=(),
    html=None,
    message_id=True,
):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    if message_id:
        message["Message-ID"] = make_msgid(domain="cliente.example.com")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    if html is not None:
        message.set_content(html, subtype="html")
    else:
        message.set_content(body)
    for name, content, mime in files:
        maintype, subtype = mime.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def append(box, folder, *messages):
    for raw in messages:
        box.append(raw, folder)
