""" "Baixar meus dados": a worker builds a ZIP (data.json, the customer's own attachments and
photo), stored privately, link e-mailed, valid 7 days, downloadable only by them; a beat task
deletes it after expiry; every step is in the privacy log."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from privacy.models import DataExport, PrivacyEvent
from privacy.services import export_build, export_purge_expired
from privacy.tasks import export_purge_task
from tests.helpers import default_sector, png_bytes, upload
from tickets.services import ticket_open, ticket_staff_update

pytestmark = pytest.mark.django_db

HOME = reverse("privacy:home")


@pytest.fixture
def history(customer, colleague, staff):
    ticket = ticket_open(
        customer=customer,
        sector=default_sector(),
        subject="Nota fiscal rejeitada",
        description="A SEFAZ recusou.",
        files=[upload("erro.txt", b"log da sefaz")],
    )
    ticket_staff_update(ticket=ticket, actor=staff, body="Nota interna da equipe", internal=True)
    ticket_staff_update(ticket=ticket, actor=staff, body="Olá, Ana!")
    other = ticket_open(
        customer=colleague, sector=default_sector(), subject="Do Bruno", description="segredo do Bruno"
    )
    return ticket, other


def ask_and_build(client):
    response = client.post(reverse("privacy:export_request"))
    for export in DataExport.objects.filter(status=DataExport.Status.PENDING):
        export_build(export_id=export.pk)  # the worker's part (tests never commit)
    return response


def zip_of(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_page_offers_the_download(customer_client):
    response = customer_client.get(HOME)
    assertContains(response, "Baixar meus dados")
    assertContains(response, 'action="/meus-dados/privacidade/exportar/"')


def test_export_holds_the_customers_data_attachments_and_photo(
    customer_client, customer, history, deliver_outbox, settings
):
    from django.core.files.base import ContentFile

    customer.avatar.save("foto.png", ContentFile(png_bytes()), save=True)

    ask_and_build(customer_client)

    mails = deliver_outbox()
    assert [m.to for m in mails if "dados" in m.subject.lower()] == [["ana@acme.example.com"]]
    export = DataExport.objects.get(user=customer)
    link = settings.SITE_URL + export.get_absolute_url()
    assert any(link in m.body for m in mails)
    assert export.expires_at - export.ready_at == timedelta(days=7)
    response = customer_client.get(export.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    archive = zip_of(response)
    data = json.loads(archive.read("data.json"))
    assert data["profile"]["email"] == "ana@acme.example.com"
    assert [t["subject"] for t in data["tickets"]] == ["Nota fiscal rejeitada"]
    texts = [m["text"] for m in data["messages"]]
    assert texts == ["A SEFAZ recusou."]  # her words only: no staff note, no reply, no colleague
    names = archive.namelist()
    assert any(n.startswith("attachments/") and n.endswith("erro.txt") for n in names)
    assert archive.read(next(n for n in names if n.endswith("erro.txt"))) == b"log da sefaz"
    assert any(n.startswith("photo/") for n in names)
    assert "segredo do Bruno" not in archive.read("data.json").decode()


def test_another_customer_gets_404_for_the_export(client, customer_client, customer, colleague, history):
    ask_and_build(customer_client)
    url = DataExport.objects.get(user=customer).get_absolute_url()

    client.force_login(colleague)

    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_login(client, customer_client, customer):
    ask_and_build(customer_client)
    url = DataExport.objects.get(user=customer).get_absolute_url()
    customer_client.logout()

    response = client.get(url)

    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_link_expires_after_seven_days_and_the_beat_deletes_the_file(customer_client, customer):
    ask_and_build(customer_client)
    export = DataExport.objects.get(user=customer)
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)

    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert customer_client.get(export.get_absolute_url()).status_code == 404
    assert export_purge_task() == 1

    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED and not storage.exists(name)
    assert export_purge_expired() == 0


def test_a_double_click_builds_one_export(customer_client, customer):
    customer_client.post(reverse("privacy:export_request"))
    customer_client.post(reverse("privacy:export_request"))

    assert DataExport.objects.filter(user=customer).count() == 1


def test_building_twice_builds_once(customer_client, customer):
    ask_and_build(customer_client)
    export = DataExport.objects.get(user=customer)

    assert export_build(export_id=export.pk) == "gone"


def test_the_request_is_post_only(customer_client, customer):
    assert customer_client.get(reverse("privacy:export_request")).status_code == 405
    assert not DataExport.objects.exists()


def test_every_step_is_in_the_privacy_log(customer_client, customer):
    ask_and_build(customer_client)
    customer_client.get(DataExport.objects.get().get_absolute_url())

    kinds = list(PrivacyEvent.objects.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds == ["export_requested", "export_ready", "export_downloaded"]
    assert all(
        label.startswith("ana (#") for label in PrivacyEvent.objects.values_list("user_label", flat=True)
    )


def test_the_file_lives_in_private_storage(customer_client, customer, settings):
    ask_and_build(customer_client)
    export = DataExport.objects.get()
    assert str(settings.PRIVATE_MEDIA_ROOT) in export.file.path
