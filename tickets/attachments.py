"""Ticket attachments: stored, previewed and served by the shared code in
portal/attachments.py; here only what ties a file to a message."""

from __future__ import annotations

from collections.abc import Sequence

from portal.attachments import store_files

from .models import Attachment, Message


def store_attachments(message: Message, files: Sequence, stored: list[str]) -> list[Attachment]:
    return store_files(files, stored, build=lambda **fields: Attachment(message=message, **fields))
