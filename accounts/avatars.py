"""Turn an uploaded photo into a safe square thumbnail, or say clearly why not."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from portal.images import TooManyPixels, UnsafeImage, reencode_as_jpeg

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}
THUMBNAIL_SIZE = 256


def avatar_from_upload(upload) -> ContentFile:
    """Verify, re-encode and square an uploaded image.

    The result is a fresh JPEG with a random name and no metadata (EXIF, GPS, ICC
    profile and comments are not copied). Raises ValidationError for anything that is
    not a PNG, JPEG or WebP of sane size; never lets a decoder error escape.
    """
    if upload.size > settings.AVATAR_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.AVATAR_MAX_BYTES)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    invalid = ValidationError(
        _("This file is not a valid image. Send a PNG, JPEG or WebP photo."), code="invalid_image"
    )
    try:
        jpeg = reencode_as_jpeg(
            upload.read(),
            formats=ALLOWED_FORMATS,
            size=(THUMBNAIL_SIZE, THUMBNAIL_SIZE),
            crop=True,
            quality=88,
        )
    except TooManyPixels as exc:
        raise ValidationError(
            _("The image is too large (%(width)s x %(height)s pixels).")
            % {"width": exc.width, "height": exc.height},
            code="too_many_pixels",
        ) from exc
    except UnsafeImage as exc:
        raise invalid from exc
    return ContentFile(jpeg, name=f"{uuid.uuid4().hex}.jpg")
