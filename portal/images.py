"""Decode untrusted image bytes safely and re-encode them as a fresh, metadata-free JPEG.

Used for avatars (accounts) and attachment previews (tickets): only the named decoders
ever see the bytes, decompression bombs are refused before decoding, and nothing of the
original file (EXIF, GPS, ICC profile, comments) survives.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

# 40 megapixels is far above any real photo and far below a decompression bomb.
MAX_PIXELS = 40_000_000


class UnsafeImage(Exception):
    """Not a decodable image in one of the allowed formats."""


class TooManyPixels(UnsafeImage):
    def __init__(self, width: int, height: int):
        super().__init__(f"{width}x{height} pixels")
        self.width, self.height = width, height


def reencode_as_jpeg(
    data: bytes,
    *,
    formats: set[str],
    size: tuple[int, int],
    crop: bool = False,
    max_pixels: int = MAX_PIXELS,
    quality: int = 85,
) -> bytes:
    """Return JPEG bytes of `data` fitted into `size` (cropped to exactly `size` if `crop`).

    Raises TooManyPixels for oversized images and UnsafeImage for anything else that is
    not a valid image in `formats`; no decoder error escapes.
    """
    allowed = sorted(formats)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=allowed) as probe:
                width, height = probe.size
                if width * height > max_pixels:
                    raise TooManyPixels(width, height)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=allowed) as image:
                # A JPEG can be decoded at 1/2..1/8 scale: far less memory for big photos.
                image.draft("RGB", (size[0] * 2, size[1] * 2))
                image.load()
                image = ImageOps.exif_transpose(image)
                if image.mode in ("RGBA", "LA", "P", "PA"):
                    # Transparent areas become white, not black.
                    rgba = image.convert("RGBA")
                    image = Image.new("RGB", rgba.size, (255, 255, 255))
                    image.paste(rgba, mask=rgba.getchannel("A"))
                image = image.convert("RGB")
                if crop:
                    image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
                else:
                    image.thumbnail(size)
            # Pillow carries some metadata (a JPEG comment, for one) over into what it saves.
            image.info.clear()
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=quality, optimize=True)
            return out.getvalue()
    except UnsafeImage:
        raise
    except Exception as exc:
        # Unknown formats, bombs, truncated or corrupt data surface from Pillow as
        # UnidentifiedImageError, DecompressionBomb*, OSError, SyntaxError, ValueError,
        # EOFError, struct.error...: whatever it is, it is not a usable image.
        raise UnsafeImage(str(exc)) from exc
