"""Uploaded files can never run in the portal's origin, and any file name gives well-formed
headers: through the real upload forms and both download views (customer and admin)."""

from email.message import EmailMessage

import pytest
from django.test import Client

from tests.helpers import client_token, png_bytes, upload
from tickets.models import Attachment

pytestmark = pytest.mark.django_db

ACTIVE = [
    ("pagina.html", b"<html><script>alert(document.cookie)</script></html>", "text/html"),
    ("pagina.htm", b"<script>alert(1)</script>", "text/html"),
    (
        "pagina.xhtml",
        b'<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
        "text/html",
    ),
    ("desenho.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"),
    ("codigo.js", b"alert(1)", "application/javascript"),
    ("modulo.mjs", b"alert(1)", "text/javascript"),
    ("estilo.css", b"body{background:url(javascript:alert(1))}", "text/css"),
    ("dados.xml", b"<?xml-stylesheet href='x.xsl'?><x/>", "text/xml"),
    # An SVG that says it is a PNG, and HTML that says it is a picture.
    ("disfarce.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/png"),
    ("foto.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"),
]
ODD_NAMES = [
    'nota "fiscal"; tipo=x.pdf',
    "a;b,c.txt",
    "zero\u200bwidth\u202egpj.exe",
    "bom\ufeffdia.txt",
    "ação e relatório.pdf",
    "<img src=x onerror=alert(1)>.txt",
    "..\\..\\windows\\system.ini",
    "%0d%0aSet-Cookie: x=y.txt",
]


def reply_with(client, ticket, *files):
    response = client.post(
        f"/chamados/{ticket.number}/responder/",
        {"body": "anexo", "client_token": client_token(), "files": list(files)},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return Attachment.objects.order_by("-pk").first()


def assert_cannot_run(response):
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert csp.startswith("sandbox") and "default-src 'none'" in csp
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def parsed_disposition(header: str) -> tuple[str, str]:
    message = EmailMessage()
    message["Content-Disposition"] = header
    return message.get_content_disposition(), message.get_filename()


@pytest.mark.parametrize(("name", "content", "content_type"), ACTIVE, ids=[a[0] for a in ACTIVE])
def test_active_content_is_only_ever_a_download(customer_client, world, staff, name, content, content_type):
    attachment = reply_with(customer_client, world.ticket, upload(name, content, content_type))
    base = f"/chamados/{world.ticket.number}/anexos/{attachment.pk}/"
    page = customer_client.get(world.ticket.get_absolute_url()).content.decode()
    team = Client()
    team.force_login(staff)

    for response in (
        customer_client.get(base),
        team.get(f"/admin/tickets/ticket/{world.ticket.pk}/attachments/{attachment.pk}/"),
    ):
        assert_cannot_run(response)
        assert response["Content-Type"] in ("application/octet-stream", "image/png", "image/jpeg")
        assert response["Content-Disposition"].startswith("attachment;")
    # No preview of anything that is not a verified raster image.
    assert not attachment.thumbnail
    assert customer_client.get(base + "miniatura/").status_code == 404
    assert f'src="{base}miniatura/"' not in page


def test_preview_is_our_own_jpeg_under_the_same_headers(customer_client, world):
    response = customer_client.get(f"/chamados/{world.ticket.number}/anexos/{world.attachment.pk}/miniatura/")
    assert_cannot_run(response)
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_names_give_well_formed_headers_and_escaped_pages(customer_client, world, staff, name):
    attachment = reply_with(customer_client, world.ticket, upload(name, b"x"))
    team = Client()
    team.force_login(staff)
    page = customer_client.get(world.ticket.get_absolute_url()).content.decode()

    for response in (
        customer_client.get(f"/chamados/{world.ticket.number}/anexos/{attachment.pk}/"),
        team.get(f"/admin/tickets/ticket/{world.ticket.pk}/attachments/{attachment.pk}/"),
    ):
        assert_cannot_run(response)
        header = response["Content-Disposition"]
        assert header.isprintable() and "\r" not in header and "\n" not in header
        disposition, filename = parsed_disposition(header)
        assert disposition == "attachment"
        assert filename == attachment.name  # the name round-trips: no parameter was injected
        assert not any(ch in filename for ch in "\u200b\u202e\ufeff/\\")
    assert "<img src=x" not in page


def test_a_crlf_in_the_multipart_file_name_breaks_nothing(customer_client, world):
    attachment = reply_with(customer_client, world.ticket, upload("linha\r\nSet-Cookie: a=b.txt", b"x"))
    response = customer_client.get(f"/chamados/{world.ticket.number}/anexos/{attachment.pk}/")
    assert_cannot_run(response)
    assert "\r" not in response["Content-Disposition"] and "\n" not in response["Content-Disposition"]
    assert "Set-Cookie" not in {k.title() for k in response.headers}


def test_upload_of_an_image_keeps_the_original_private(customer_client, world, settings):
    attachment = reply_with(customer_client, world.ticket, upload("foto.png", png_bytes(), "image/png"))
    assert attachment.file.storage.location == str(settings.PRIVATE_MEDIA_ROOT)
    assert "foto" not in attachment.file.name and "foto" not in attachment.thumbnail.name
