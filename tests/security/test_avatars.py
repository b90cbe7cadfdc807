"""Avatars, by every way in: only PNG/JPEG/WebP, re-encoded without metadata under a random
name, bombs refused as a form error, Pillow's own pixel limit lowered. Meus dados is covered
by tests/accounts/test_avatar.py; this adds the admin's user form and the global limits."""

import io
import warnings

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from portal.images import MAX_PIXELS, TooManyPixels, UnsafeImage, reencode_as_jpeg
from tests.accounts.test_avatar import image_bytes, jpeg_with_exif_and_gps, png_bomb

pytestmark = pytest.mark.django_db


def admin_user_form(user, photo) -> dict:
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "organization": user.organization_id or "",
        "language": user.language,
        "email_notifications": "on",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "10:00:00",
        "avatar": photo,
    }


@pytest.fixture
def team(staff):
    client = Client()
    client.force_login(staff)
    return client


def test_photo_uploaded_by_staff_is_re_encoded_under_a_random_name(team, customer):
    photo = SimpleUploadedFile("ana-em-casa.jpg", jpeg_with_exif_and_gps(), content_type="image/jpeg")

    response = team.post(f"/admin/accounts/user/{customer.pk}/change/", admin_user_form(customer, photo))

    assert response.status_code == 302, response.content.decode()[:3000]
    customer.refresh_from_db()
    assert "ana-em-casa" not in customer.avatar.name
    with customer.avatar.open("rb") as fh:
        raw = fh.read()
    image = Image.open(io.BytesIO(raw))
    assert image.format == "JPEG" and image.size == (256, 256)
    assert b"SpyCam" not in raw and b"secret-comment" not in raw
    assert not image.getexif()


@pytest.mark.parametrize(
    ("content", "name", "error"),
    [
        (image_bytes("GIF", mode="P"), "animada.gif", "Este arquivo não é uma imagem válida"),
        (image_bytes("BMP"), "foto.bmp", "Este arquivo não é uma imagem válida"),
        (png_bomb(), "bomba.png", "errorlist"),  # Django's ImageField refuses it even before ours
    ],
)
def test_staff_upload_of_other_formats_or_bombs_is_a_form_error(team, customer, content, name, error):
    photo = SimpleUploadedFile(name, content, content_type="image/png")

    response = team.post(f"/admin/accounts/user/{customer.pk}/change/", admin_user_form(customer, photo))

    assert response.status_code == 200
    assert error in response.content.decode()
    customer.refresh_from_db()
    assert not customer.avatar


def test_pixel_limit_is_below_pillows_and_checked_before_decoding():
    # Our limit is read from the header before any decoding, for every image we open
    # (avatars, attachment previews); Pillow's own guard stays behind it as a second line.
    assert MAX_PIXELS < Image.MAX_IMAGE_PIXELS
    side = int(MAX_PIXELS**0.5) + 10
    with pytest.raises(TooManyPixels) as refused:
        reencode_as_jpeg(png_bomb(side), formats={"PNG"}, size=(64, 64))
    assert (refused.value.width, refused.value.height) == (side, side)
    with pytest.raises(UnsafeImage):  # past Pillow's limit: its DecompressionBombError
        reencode_as_jpeg(png_bomb(20_000), formats={"PNG"}, size=(64, 64))


def test_bomb_warnings_are_errors_while_decoding(monkeypatch):
    # A warning raised while decoding (here: Pillow's limit lowered under our own) is a refusal.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the caller's filters do not matter
        with pytest.raises(UnsafeImage):
            reencode_as_jpeg(
                image_bytes("PNG", size=(12, 12)), formats={"PNG"}, size=(8, 8)
            )  # 144 px: a warning
