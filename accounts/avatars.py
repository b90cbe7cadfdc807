"""Turn an uploaded photo into a safe square thumbnail, or say clearly why not."""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP"}
# 40 megapixels is far above any real photo and far below a decompression bomb.
MAX_PIXELS = 40_000_000
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
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # Only these decoders ever see the bytes (no GIF, BMP, PSD... parsers).
            with Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS)) as probe:
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise ValidationError(
                        _("The image is too large (%(width)s x %(height)s pixels).")
                        % {"width": width, "height": height},
                        code="too_many_pixels",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data), formats=sorted(ALLOWED_FORMATS)) as image:
                # A JPEG can be decoded at 1/2..1/8 scale: far less memory for big photos.
                image.draft("RGB", (THUMBNAIL_SIZE * 2, THUMBNAIL_SIZE * 2))
                image.load()
                image = ImageOps.exif_transpose(image)
                if image.mode in ("RGBA", "LA", "P", "PA"):
                    # Transparent areas become white, not black.
                    image = image.convert("RGBA")
                    background = Image.new("RGB", image.size, (255, 255, 255))
                    background.paste(image, mask=image.getchannel("A"))
                    image = background
                image = image.convert("RGB")
                image = ImageOps.fit(image, (THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
            # Pillow carries some metadata (a JPEG comment, for one) over into what it saves.
            image.info.clear()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise invalid from exc
    except Exception as exc:
        # Truncated or corrupt data surfaces from Pillow's decoders as OSError, SyntaxError,
        # ValueError, EOFError, struct.error... whatever it is, it is not a usable photo.
        raise invalid from exc
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
