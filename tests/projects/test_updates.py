"""Atualizações: staff post Markdown with files in the admin; customers read them and
download the files exactly like ticket attachments (private, permission-checked)."""

from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from notifications.models import Notification
from projects.models import ProjectUpdate, UpdateFile
from projects.services import project_update_post
from tests.helpers import png_bytes, upload
from tests.tickets.test_open_ticket import stored_files

from .factories import ProjectFactory
from .test_admin import admin_post_data, change_url

pytestmark = pytest.mark.django_db


def post_update(staff_client, project, body, *files):
    data = admin_post_data(project, new_update=body)
    data[f"updates-{project.updates.count()}-attachments"] = list(files)
    return staff_client.post(change_url(project), data)


def test_staff_posts_an_update_with_files_and_the_customer_downloads_them(
    staff_client, client, customer, colleague
):
    project = ProjectFactory(organization=customer.organization, name="ERP")

    response = post_update(
        staff_client,
        project,
        "Cronograma **revisado**:\n\n- integração\n- testes",
        upload("cronograma.pdf", b"%PDF-1.4 cronograma", "application/pdf"),
        upload("tela.png", png_bytes(), "image/png"),
    )

    assert response.status_code == 302, response.content.decode()
    update = ProjectUpdate.objects.get()
    pdf, png = update.files.all()
    assert (pdf.name, pdf.size, pdf.content_type) == ("cronograma.pdf", 19, "application/pdf")
    assert "cronograma" not in pdf.file.name  # random name on disk
    assert png.thumbnail and not pdf.thumbnail
    # One notification per customer for the update, files included.
    assert Notification.objects.filter(kind=Notification.Kind.PROJECT_UPDATE).count() == 2

    client.force_login(customer)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "<strong>revisado</strong>" in html and "<li>integração</li>" in html
    assert f'href="/projetos/{project.pk}/arquivos/{pdf.pk}/"' in html
    assert f'src="/projetos/{project.pk}/arquivos/{png.pk}/miniatura/"' in html

    download = client.get(pdf.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 cronograma"
    assert download["Content-Disposition"] == 'attachment; filename="cronograma.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    thumbnail = client.get(png.get_thumbnail_url())
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"


def test_active_content_is_only_ever_a_download(customer_client, customer):
    project = ProjectFactory(organization=customer.organization)
    update = project_update_post(
        project=project, author=None, body="Veja", files=[upload("pagina.html", b"<script>alert(1)</script>")]
    )
    file = update.files.get()

    response = customer_client.get(file.get_absolute_url())

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert customer_client.get(file.get_thumbnail_url()).status_code == 404  # no preview of non-images


def test_other_company_and_unlisted_colleague_get_404_for_files(client, customer, colleague, stranger):
    project = ProjectFactory(organization=customer.organization)
    project.customers.set([customer])
    file = project_update_post(project=project, author=None, body="x", files=[upload()]).files.get()
    other_project = ProjectFactory(organization=stranger.organization)

    for intruder in (stranger, colleague):
        client.force_login(intruder)
        assert client.get(file.get_absolute_url()).status_code == 404
        assert client.get(file.get_thumbnail_url()).status_code == 404
    # The right file id under another project's address is not found either.
    client.force_login(stranger)
    assert client.get(f"/projetos/{other_project.pk}/arquivos/{file.pk}/").status_code == 404
    client.force_login(customer)
    assert client.get(file.get_absolute_url()).status_code == 200


def test_storage_failure_posts_nothing_and_leaves_no_file(staff_client, customer, settings):
    project = ProjectFactory(organization=customer.organization)
    calls = []
    real_save = FileSystemStorage.save

    def fail_second(self, name, content, max_length=None):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_save(self, name, content, max_length=max_length)

    with mock.patch.object(FileSystemStorage, "save", fail_second):
        response = post_update(staff_client, project, "Com arquivos", upload("a.txt"), upload("b.txt"))

    assert response.status_code == 302
    assert not ProjectUpdate.objects.exists()
    assert not UpdateFile.objects.exists()
    assert not Notification.objects.exists()
    assert len(calls) == 2  # the first file was stored, then removed again
    assert not stored_files(settings)
    messages = [m.message for m in response.wsgi_request._messages]
    assert any("não foi publicada" in m for m in messages)


def test_deleting_an_update_deletes_its_files(staff_client, customer, django_capture_on_commit_callbacks):
    project = ProjectFactory(organization=customer.organization)
    update = project_update_post(project=project, author=None, body="x", files=[upload()])
    file = update.files.get()
    storage, name = file.file.storage, file.file.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        update.delete()

    assert not storage.exists(name)


def test_oversized_file_is_a_form_error(staff_client, customer, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    project = ProjectFactory(organization=customer.organization)

    response = post_update(staff_client, project, "Grande", upload("grande.txt", b"x" * 11))

    assert response.status_code == 200
    assert "grande.txt" in response.content.decode()
    assert not ProjectUpdate.objects.exists()


def test_opening_the_project_reads_its_notifications(customer_client, customer, organization):
    project = ProjectFactory(organization=organization)
    other = ProjectFactory(organization=organization)
    project_update_post(project=project, author=None, body="Nova versão")
    project_update_post(project=other, author=None, body="Outro projeto")

    customer_client.get(project.get_absolute_url())

    unread = Notification.objects.filter(recipient=customer, read_at__isnull=True)
    assert [n.link for n in unread] == [other.updates.get().get_absolute_url()]


def test_staff_see_posted_files_on_the_project_and_update_pages(staff_client, customer):
    project = ProjectFactory(organization=customer.organization)
    update = project_update_post(
        project=project, author=None, body="Ata", files=[upload("ata da reunião.txt")]
    )
    file = update.files.get()

    for url in (change_url(project), reverse("admin:projects_projectupdate_change", args=[update.pk])):
        html = staff_client.get(url).content.decode()
        assert f'<a href="{file.get_absolute_url()}">ata da reunião.txt</a>' in html
    assert staff_client.get(file.get_absolute_url()).status_code == 200  # staff see every project
