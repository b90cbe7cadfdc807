"""Helpers shared by the tests (fixtures live in conftest.py files; plain functions here)."""

import io
import os
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def upload(name="arquivo.txt", content=b"conteudo", content_type="text/plain"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_bytes(size=(64, 48), color=(200, 30, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def default_sector():
    """Suporte, the default sector the first migration creates (made again if a transactional
    test elsewhere flushed the database on this worker)."""
    from tickets.models import Sector

    return Sector.objects.default() or Sector.objects.create(name="Suporte", is_default=True)


def client_token() -> str:
    return str(uuid.uuid4())


def totp_code(secret=None) -> str:
    """The authenticator app's current code for `secret` (the test default of factories)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from tests.factories import TEST_TOTP_SECRET

    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret or TEST_TOTP_SECRET, counter))


def read_as(user, notification) -> tuple[str, str]:
    """(title, body) of a notification as `user` reads it: in their language."""
    with translation.override(user.language or "pt-br"):
        return notification.display_title, notification.display_body
