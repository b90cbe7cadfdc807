"""Files on S3-compatible storage (S3_BUCKET, portal/storage.py), proven against a real S3
server speaking HTTP on 127.0.0.1 (moto's server mode): attachments and photos are stored with
no public grant, attachments only come back through the permission-checked view, photos through
short-lived presigned URLs."""

import socket
import urllib.error
import urllib.request
import uuid
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.urls import reverse
from moto.server import ThreadedMotoServer

from portal.s3 import s3_storages
from tests.factories import UserFactory
from tests.helpers import client_token, png_bytes, upload
from tests.tickets.factories import TicketFactory
from tickets.models import Attachment, Sector

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"
AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    name = f"portal-{uuid.uuid4().hex[:12]}"
    credentials = {"access_key": "test-key", "secret_key": "test-secret"}
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id=credentials["access_key"],
        aws_secret_access_key=credentials["secret_key"],
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        **s3_storages(
            bucket=name, endpoint_url=s3_endpoint, region="us-east-1", public_url_seconds=300, **credentials
        ),
    }
    return client, name


def grantees(client, bucket_name: str, key: str) -> set[str]:
    acl = client.get_object_acl(Bucket=bucket_name, Key=key)
    return {grant["Grantee"].get("URI", grant["Grantee"].get("ID", "")) for grant in acl["Grants"]}


def test_an_attachment_is_private_in_the_bucket_and_served_only_through_the_portal(
    bucket, customer_client, customer
):
    client, name = bucket
    sector, _ = Sector.objects.get_or_create(is_default=True, defaults={"name": "Suporte"})
    ticket = TicketFactory(customer=customer, sector=sector, subject="Relatório", description="Segue.")
    response = customer_client.post(
        reverse("tickets:reply", args=[ticket.number]),
        {
            "body": "Segue o relatório",
            "files": [upload("relatório.pdf", b"%PDF-1.7 dados")],
            "client_token": client_token(),
        },
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get(message__ticket=ticket, name="relatório.pdf")

    key = f"private/{attachment.file.name}"
    stored = client.get_object(Bucket=name, Key=key)
    assert stored["Body"].read() == b"%PDF-1.7 dados"
    assert not grantees(client, name, key) & {ALL_USERS, AUTHENTICATED_USERS}

    download = customer_client.get(reverse("tickets:attachment", args=[ticket.number, attachment.pk]))
    assert download.status_code == 200  # streamed by the view, not a redirect to the bucket
    assert b"".join(download.streaming_content) == b"%PDF-1.7 dados"
    assert "no-store" in download["Cache-Control"]

    stranger = customer_client.__class__()
    stranger.force_login(UserFactory())
    assert stranger.get(reverse("tickets:attachment", args=[ticket.number, attachment.pk])).status_code == 404


def test_a_photo_is_private_in_the_bucket_and_shown_through_a_short_lived_signed_url(
    bucket, customer_client, customer
):
    client, name = bucket
    response = customer_client.post(
        reverse("accounts:profile"),
        {
            "first_name": customer.first_name,
            "last_name": customer.last_name,
            "email": customer.email,
            "username": customer.username,
            "language": customer.language,
            "photo": upload("eu.png", png_bytes((400, 300)), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    key = f"media/{customer.avatar.name}"
    assert client.head_object(Bucket=name, Key=key)["ContentLength"] > 0
    assert not grantees(client, name, key) & {ALL_USERS, AUTHENTICATED_USERS}

    url = customer.avatar.url
    query = parse_qs(urlsplit(url).query)
    assert query["X-Amz-Expires"] == ["300"] and "X-Amz-Signature" in query
    with urllib.request.urlopen(url, timeout=10) as fetched:  # noqa: S310 (the local S3 server)
        assert fetched.read()[:3] == b"\xff\xd8\xff"  # the re-encoded JPEG

    unsigned = url.split("?", 1)[0]
    try:
        urllib.request.urlopen(unsigned, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as refused:
        assert refused.code == 403
    else:
        pytest.fail("the bucket served a photo without a signature")
