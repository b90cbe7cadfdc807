"""Attachment downloads: original (UTF-8) names, safe headers, previews only for verified images."""

import pytest

from portal.attachments import clean_filename
from tests.helpers import png_bytes, upload
from tickets.models import Attachment
from tickets.services import ticket_reply

from .factories import AttachmentFactory

pytestmark = pytest.mark.django_db


def send(ticket, customer, *files):
    message = ticket_reply(ticket=ticket, author=customer, body="anexos", files=list(files))
    return list(message.attachments.all())


def download(client, attachment, thumbnail=False):
    url = f"/chamados/{attachment.message.ticket.number}/anexos/{attachment.pk}/"
    return client.get(url + ("miniatura/" if thumbnail else ""))


def test_download_keeps_the_utf8_name_and_content(customer_client, customer, ticket):
    (attachment,) = send(ticket, customer, upload("relatório março.pdf", b"%PDF-1.7 dados"))
    response = download(customer_client, attachment)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 dados"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''relat%C3%B3rio%20mar%C3%A7o.pdf"
    assert response["Content-Type"] == "application/pdf"


def test_download_headers_keep_the_file_from_running(customer_client, customer, ticket):
    (attachment,) = send(ticket, customer, upload("a.txt", b"texto"))
    response = download(customer_client, attachment)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pagina.html", b"<html><script>alert(document.cookie)</script></html>"),
        ("desenho.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("codigo.js", b"alert(1)"),
        ("dados.xml", b"<x/>"),
    ],
)
def test_active_content_is_a_plain_download(customer_client, customer, ticket, name, content):
    (attachment,) = send(ticket, customer, upload(name, content, content_type="text/html"))
    response = download(customer_client, attachment)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert not attachment.thumbnail
    assert download(customer_client, attachment, thumbnail=True).status_code == 404


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ('nota "fiscal"; tipo=x.pdf', 'nota "fiscal"; tipo=x.pdf'),
        ("linha\r\nSet-Cookie: a=b.txt", "linhaSet-Cookie: a=b.txt"),
        ("zero\u200bwidth\u202egpj.exe", "zerowidthgpj.exe"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\relatório.pdf", "relatório.pdf"),
        ("", "file"),
        ("a" * 300 + ".pdf", "a" * 187 + ".pdf"),
    ],
)
def test_odd_file_names_are_cleaned(original, shown):
    assert clean_filename(original) == shown


@pytest.mark.parametrize(
    "name", ['nota "fiscal"; tipo=x.pdf', "x\r\ny.txt", "ação\u200b\u202e.txt", "a;b,c.txt"]
)
def test_odd_names_give_well_formed_headers(customer_client, customer, ticket, name):
    (attachment,) = send(ticket, customer, upload("placeholder.txt", b"x"))
    Attachment.objects.filter(pk=attachment.pk).update(name=clean_filename(name))
    response = download(customer_client, attachment)
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    assert "\u200b" not in header and "\u202e" not in header
    assert header.startswith("attachment; filename")
    if header.startswith('attachment; filename="'):
        # quotes inside a quoted-string are escaped
        inner = header[len('attachment; filename="') : -1]
        assert '"' not in inner.replace('\\"', "")


def test_verified_image_gets_an_inline_preview(customer_client, customer, ticket):
    (image,) = send(ticket, customer, upload("tela.png", png_bytes((1200, 900)), content_type="image/png"))
    assert image.thumbnail
    html = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert f'src="/chamados/{ticket.number}/anexos/{image.pk}/miniatura/"' in html
    response = download(customer_client, image, thumbnail=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "Content-Disposition" not in response or "inline" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xff\xd8")  # our own JPEG, not the uploaded bytes


def test_fake_or_broken_images_get_no_preview(customer, ticket):
    fake, truncated = send(
        ticket,
        customer,
        upload("fake.png", b"GIF89a<script>alert(1)</script>", content_type="image/png"),
        upload("cortada.png", png_bytes()[:40], content_type="image/png"),
    )
    assert not fake.thumbnail
    assert not truncated.thumbnail


def test_decompression_bomb_gets_no_preview(customer, ticket):
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (20000, 20000)).save(out, format="PNG")
    (bomb,) = send(ticket, customer, upload("bomba.png", out.getvalue(), content_type="image/png"))
    assert not bomb.thumbnail
    assert bomb.size == len(out.getvalue())


def test_missing_file_on_storage_is_404_not_500(customer_client, customer, ticket):
    attachment = AttachmentFactory(message=ticket.messages.get())
    attachment.file.storage.delete(attachment.file.name)
    assert download(customer_client, attachment).status_code == 404


def test_deleting_a_ticket_removes_its_files(customer, ticket, settings, django_capture_on_commit_callbacks):
    (attachment,) = send(ticket, customer, upload("tela.png", png_bytes(), content_type="image/png"))
    storage = attachment.file.storage
    names = [attachment.file.name, attachment.thumbnail.name]
    assert all(storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        ticket.delete()
    assert not any(storage.exists(n) for n in names)
