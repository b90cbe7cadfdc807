"""The photo in Meus dados: any sane PNG/JPEG/WebP becomes a clean 256x256 JPEG; anything else
is a form error (status 200), never a 500."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image
from pytest_django.asserts import assertContains, assertRedirects

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")
INVALID = "Este arquivo não é uma imagem válida. Envie uma foto PNG, JPEG ou WebP."


def image_bytes(fmt="PNG", size=(600, 400), mode="RGB", **save_args) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 90) if mode == "RGB" else 0).save(out, format=fmt, **save_args)
    return out.getvalue()


def jpeg_with_exif_and_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Orientation] = 6  # rotated: the thumbnail must come out upright
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (23.0, 33.0, 1.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (46.0, 38.0, 2.0)
    return image_bytes("JPEG", size=(800, 300), exif=exif, comment=b"secret-comment")


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side=20_000) -> bytes:
    """A valid 1-bit grayscale PNG of side x side pixels, a few tens of KB on disk.

    Built row by row through a streaming compressor: nothing near the decoded size
    (400 megapixels) is ever allocated.
    """
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (side + 7) // 8)  # filter byte + packed bits
    idat = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")
    )


def upload(client, user, content: bytes, name: str, content_type="image/png"):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "username": user.username,
        "language": user.language,
        "photo": SimpleUploadedFile(name, content, content_type=content_type),
    }
    return client.post(PROFILE_URL, data)


def saved_image(user):
    user.refresh_from_db()
    assert user.avatar, "no photo was saved"
    with user.avatar.open("rb") as fh:
        raw = fh.read()
    return raw, Image.open(io.BytesIO(raw))


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (image_bytes("PNG"), "foto.png"),
        (image_bytes("PNG", mode="RGBA", size=(300, 900)), "transparente.png"),
        (image_bytes("JPEG"), "foto.jpg"),
        (image_bytes("WEBP"), "foto.webp"),
    ],
)
def test_valid_photo_becomes_a_square_jpeg(customer_client, customer, content, name):
    response = upload(customer_client, customer, content, name)

    assertRedirects(response, PROFILE_URL, fetch_redirect_response=False)
    raw, image = saved_image(customer)
    assert image.format == "JPEG"
    assert image.size == (256, 256)
    # A random name, not the customer's file name.
    assert customer.avatar.name.startswith("avatars/")
    assert customer.avatar.name.endswith(".jpg")
    assert name.rsplit(".", 1)[0] not in customer.avatar.name


def test_exif_gps_and_comments_are_stripped(customer_client, customer):
    original = jpeg_with_exif_and_gps()
    with Image.open(io.BytesIO(original)) as check:  # the test input really carries them
        assert check.getexif()[ExifTags.Base.Make] == "SpyCam"
        assert check.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    upload(customer_client, customer, original, "viagem.jpg", "image/jpeg")

    raw, image = saved_image(customer)
    assert image.size == (256, 256)
    assert not image.getexif()
    assert "exif" not in image.info
    assert "comment" not in image.info
    for marker in (b"Exif", b"SpyCam", b"secret-comment"):
        assert marker not in raw


def test_profile_page_shows_the_photo(customer_client, customer):
    upload(customer_client, customer, image_bytes("PNG"), "foto.png")
    customer.refresh_from_db()

    response = customer_client.get(PROFILE_URL)

    assertContains(response, f'src="{customer.avatar.url}"')
    assertContains(response, 'class="avatar avatar-lg"')


def test_replacing_and_removing_the_photo_deletes_old_files(customer_client, customer):
    upload(customer_client, customer, image_bytes("PNG"), "a.png")
    customer.refresh_from_db()
    first = customer.avatar.name
    storage = customer.avatar.storage

    upload(customer_client, customer, image_bytes("JPEG"), "b.jpg", "image/jpeg")
    customer.refresh_from_db()
    assert customer.avatar.name != first
    assert not storage.exists(first)

    second = customer.avatar.name
    customer_client.post(
        PROFILE_URL,
        {
            "first_name": customer.first_name,
            "email": customer.email,
            "username": customer.username,
            "language": customer.language,
            "remove_photo": "on",
        },
    )
    customer.refresh_from_db()
    assert not customer.avatar
    assert not storage.exists(second)


def assert_refused(response, customer, message=INVALID):
    assert response.status_code == 200
    assertContains(response, 'id="id_photo_error"')
    assertContains(response, message)
    customer.refresh_from_db()
    assert not customer.avatar


def test_text_file_renamed_png_is_refused(customer_client, customer):
    response = upload(customer_client, customer, b"just some text, not an image\n" * 20, "foto.png")

    assert_refused(response, customer)


def test_truncated_png_is_refused(customer_client, customer):
    # Noise does not compress: cutting the file in half loses real pixel data.
    noise = Image.frombytes("RGB", (300, 300), bytes(range(256)) * 1055)
    out = io.BytesIO()
    noise.save(out, format="PNG")
    data = out.getvalue()

    response = upload(customer_client, customer, data[: len(data) // 2], "cortada.png")

    assert_refused(response, customer)


def test_decompression_bomb_is_refused_without_decoding_it(customer_client, customer):
    bomb = png_bomb()
    assert len(bomb) < 200_000

    response = upload(customer_client, customer, bomb, "bomba.png")

    assert response.status_code == 200
    assertContains(response, 'id="id_photo_error"')
    customer.refresh_from_db()
    assert not customer.avatar


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (image_bytes("GIF", mode="P"), "animada.gif", "image/gif"),
        (image_bytes("BMP"), "foto.bmp", "image/bmp"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
            "foto.svg",
            "image/svg+xml",
        ),
        (image_bytes("GIF", mode="P"), "disfarcada.png", "image/png"),
    ],
)
def test_other_formats_are_refused(customer_client, customer, content, name, content_type):
    response = upload(customer_client, customer, content, name, content_type)

    assert_refused(response, customer)


def test_file_over_5_mb_is_refused(customer_client, customer):
    big = image_bytes("PNG", size=(16, 16)) + b"\0" * (5 * 1024 * 1024)

    response = upload(customer_client, customer, big, "enorme.png")

    assert_refused(response, customer, "A foto é grande demais")


def test_empty_file_is_refused(customer_client, customer):
    response = upload(customer_client, customer, b"", "vazia.png")

    assert response.status_code == 200
    customer.refresh_from_db()
    assert not customer.avatar


def test_refused_photo_keeps_the_other_changes_in_the_form(customer_client, customer):
    data = {
        "first_name": "Ana Clara",
        "email": customer.email,
        "username": customer.username,
        "language": customer.language,
        "photo": SimpleUploadedFile("foto.png", b"not an image", content_type="image/png"),
    }

    response = customer_client.post(PROFILE_URL, data)

    assertContains(response, 'value="Ana Clara"')
    customer.refresh_from_db()
    assert customer.first_name == "Ana"


def test_default_avatar_shows_initials(customer_client, customer):
    customer.last_name = "Souza"
    customer.save()

    response = customer_client.get(PROFILE_URL)

    assertContains(
        response, '<span class="avatar avatar-lg avatar-initials" aria-hidden="true">AS</span>', html=True
    )
    # The header's account menu shows them too.
    assertContains(
        response, '<span class="avatar avatar-sm avatar-initials" aria-hidden="true">AS</span>', html=True
    )
