"""Decode untrusted image bytes safely and re-encode them as a fresh, metadata-free JPEG.

Used for avatars (accounts) and attachment previews (tickets): only the named decoders
ever see the bytes, decompression bombs are refused before decoding, and nothing of the
original file (EXIF, GPS, ICC profile, comments) survives.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

# How big an image may be, read from its header before anything is decoded. JPEG decodes at
# 1/2..1/8 scale (draft), so a 48-megapixel phone photo costs little; other formats decode
# at full size (4 bytes a pixel), so they stop at 16 megapixels: with the conversions below,
# peak memory stays under ~100 MB per upload (tests/reliability/test_image_memory.py).
MAX_PIXELS = 16_000_000
MAX_JPEG_PIXELS = 64_000_000


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
    max_jpeg_pixels: int = MAX_JPEG_PIXELS,
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
                limit = max_jpeg_pixels if probe.format == "JPEG" else max_pixels
                if width * height > limit:
                    raise TooManyPixels(width, height)
                probe.verify()
            with Image.open(io.BytesIO(data), formats=allowed) as source:
                # A JPEG can be decoded at 1/2..1/8 scale: far less memory for big photos.
                source.draft("RGB", (size[0] * 2, size[1] * 2))
                source.load()
                ImageOps.exif_transpose(source, in_place=True)
                transparent = source.mode in ("RGBA", "LA", "PA") or (
                    source.mode == "P" and "transparency" in source.info
                )
                # At most one full-size copy (palette or grey to RGB); then everything
                # happens on the small image.
                image = source.convert("RGBA" if transparent else "RGB")
            if crop:
                image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
            else:
                image.thumbnail(size)
            if transparent:
                # Transparent areas become white, not black.
                flat = Image.new("RGB", image.size, (255, 255, 255))
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
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
