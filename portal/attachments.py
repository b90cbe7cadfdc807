"""Files customers and staff send: safe names and content types, verified previews, storage
that is undone with its transaction, and the one way a stored file is served (so nothing in
it can run in our origin). Ticket attachments and project update files both go through it.

Models of stored files extend `PrivateFile` (file, preview, original name, size, type) and
say which folder their files go to (`upload_folder`).
"""

from __future__ import annotations

import logging
import mimetypes
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .images import UnsafeImage, reencode_as_jpeg
from .storage import private_storage

logger = logging.getLogger(__name__)

# Control, format (zero-width, bidi override) and line-separator characters: they make
# headers ill-formed or names misleading ("invoice\u202egpj.exe").
_INVISIBLE = re.compile(
    "[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
# Types a browser could run or render in our origin: always served as a plain download.
_ACTIVE_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "image/svg+xml",
    "text/xml",
    "application/xml",
    "text/javascript",
    "application/javascript",
    "application/x-javascript",
    "text/css",
}
THUMBNAIL_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
THUMBNAIL_SIZE = (480, 480)


def private_file_path(instance, filename):
    # Random names on disk: the original name is kept in `name` only.
    return timezone.now().strftime(f"{instance.upload_folder}/%Y/%m/{uuid.uuid4().hex}")


def private_thumbnail_path(instance, filename):
    return f"{private_file_path(instance, filename)}-thumb"


class PrivateFile(models.Model):
    """A file someone sent (a ticket attachment, an update's file): kept in the private
    storage under a random name, served only by a view that checks who asks
    (`attachment_response`)."""

    upload_folder = "files"

    file = models.FileField(_("file"), upload_to=private_file_path, storage=private_storage, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size"))
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    # Only for verified raster images: a re-encoded JPEG preview made by the portal.
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=private_thumbnail_path, storage=private_storage, max_length=255, blank=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class AttachmentStorageError(Exception):
    """The storage refused a file: nothing of the operation was saved."""


def clean_filename(name: str) -> str:
    """A file name safe to show and to put in a header: no path, no invisible characters,
    at most 200 characters (the extension is kept)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _INVISIBLE.sub("", name).strip()
    if not name or name in {".", ".."}:
        name = "file"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[: 190 - len(ext)]}.{ext}" if dot and len(ext) <= 10 else name[:200]
    return name


def safe_content_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return "application/octet-stream" if guessed in _ACTIVE_TYPES else guessed


def thumbnail_for(upload) -> ContentFile | None:
    """A JPEG preview re-encoded by us, only for verified raster images (else None)."""
    try:
        upload.seek(0)
        return ContentFile(reencode_as_jpeg(upload.read(), formats=THUMBNAIL_FORMATS, size=THUMBNAIL_SIZE))
    except UnsafeImage:
        return None
    finally:
        upload.seek(0)


@contextmanager
def atomic_with_files(storage=None) -> Iterator[list[str]]:
    """A transaction whose stored files (names appended to the yielded list, in `storage`,
    the private storage by default) are deleted again if it fails."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        storage = storage or private_storage()
        for name in stored:
            try:
                storage.delete(name)
            except Exception:  # noqa: BLE001 - cleanup must not hide the original error
                logger.exception("Could not delete %s after a failed operation", name)
        raise


def store_files(files: Sequence, stored: list[str], *, build: Callable[..., Any]) -> list[Any]:
    """Store each upload (and our preview of it, for images) and save its row.

    `build(name=, size=, content_type=)` returns the unsaved row (an Attachment, an
    UpdateFile...). Names of stored files are appended to `stored` (from
    `atomic_with_files`). Raises AttachmentStorageError when the storage fails, so the
    caller's transaction rolls back and its files are removed.
    """
    if len(files) > settings.ATTACHMENT_MAX_FILES:
        raise ValueError("too many files")
    rows = []
    for upload in files:
        name = clean_filename(upload.name)
        row = build(name=name, size=upload.size, content_type=safe_content_type(name))
        thumbnail = thumbnail_for(upload)
        try:
            row.file.save(name, upload, save=False)
            stored.append(row.file.name)
            if thumbnail is not None:
                row.thumbnail.save(name, thumbnail, save=False)
                stored.append(row.thumbnail.name)
        except Exception as exc:
            # Any backend (disk full, S3 down...): the caller's transaction rolls back.
            logger.exception("Storing file %r failed", name)
            raise AttachmentStorageError(name) from exc
        row.save()
        rows.append(row)
    return rows


def attachment_response(attachment, *, thumbnail: bool = False) -> FileResponse:
    """Serve a stored file so that nothing in it can run in our origin: a download under
    its original name (or our own JPEG preview), nosniff, and a sandboxing CSP."""
    field = attachment.thumbnail if thumbnail else attachment.file
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    if thumbnail:
        response = FileResponse(handle, content_type="image/jpeg")
    else:
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type or "application/octet-stream",
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


def delete_files_on_commit(instance: PrivateFile) -> None:
    """Remove a deleted row's stored files (file and preview) once the deletion commits, so
    nothing is left behind on disk. Connect it to the model's post_delete."""
    names = [f.name for f in (instance.file, instance.thumbnail) if f]
    storage = instance.file.storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete, robust=True)
