"""Abrir chamado: the seed's form, the ticket page after it, e-mails, limits, atomicity."""

import re
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.urls import reverse

from notifications.models import OutboundEmail
from tests.helpers import upload
from tickets.models import Attachment, Message, Ticket

from .factories import SectorFactory, TicketFactory

pytestmark = pytest.mark.django_db

URL = "/chamados/novo/"


def form_data(sector, **extra):
    return {
        "sector": sector.pk,
        "subject": "Erro ao emitir nota fiscal",
        "description": "Módulo Faturamento, rotina Emissão de NF-e: aparece “Falha na assinatura”.",
        "client_token": str(uuid.uuid4()),
        **extra,
    }


def stored_files(settings) -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_dashboard_button_and_url_name_lead_to_the_form(customer_client):
    assert reverse("tickets:create") == URL
    assert URL in customer_client.get("/painel/").content.decode()


def test_form_has_the_seed_fields_with_suporte_preselected(customer_client, support, finance):
    SectorFactory(name="Antigo", is_active=False)
    html = customer_client.get(URL).content.decode()
    for label in ["Setor", "Assunto", "Descrição", "Enviar arquivo"]:
        assert label in html
    assert "Descreva de forma clara e com detalhes qual a sua solicitação" in html
    assert "em qual módulo o erro acontece e qual rotina estava executando" in html
    assert f'<option value="{support.pk}" selected>Suporte</option>' in html
    assert "Financeiro" in html
    assert "Antigo" not in html
    assert 'type="file"' in html and "multiple" in html
    assert 'enctype="multipart/form-data"' in html
    assert re.search(
        r'<button type="submit"[^>]*><svg [^>]*aria-hidden="true"[^>]*>.*?</svg> Abrir chamado</button>', html
    )


def test_opening_a_ticket_shows_its_page_with_number_and_confirmation(customer_client, customer, support):
    response = customer_client.post(
        URL,
        form_data(
            support,
            files=[upload("print da tela.png", b"\x89PNG fake"), upload("log.txt", b"linha 1\nlinha 2")],
        ),
        follow=True,
    )
    ticket = Ticket.objects.get()
    assert response.redirect_chain[-1][0] == f"/chamados/{ticket.number}/"
    assert ticket.number == 1000 + ticket.pk
    html = response.content.decode()
    assert f"#{ticket.number}" in html
    assert f"Chamado #{ticket.number} aberto" in html
    assert "Erro ao emitir nota fiscal" in html
    assert "Módulo Faturamento" in html
    assert "print da tela.png" in html and "log.txt" in html
    assert ticket.customer == customer
    assert ticket.organization == customer.organization
    assert ticket.status == Ticket.Status.NEW
    assert ticket.sector == support
    assert ticket.waiting_since is not None
    message = ticket.messages.get()
    assert message.author == customer and not message.internal
    assert sorted(a.name for a in message.attachments.all()) == ["log.txt", "print da tela.png"]


def test_files_are_stored_privately_with_random_names(customer_client, support, settings):
    customer_client.post(URL, form_data(support, files=[upload("contrato secreto.pdf", b"%PDF-1.4 ...")]))
    attachment = Attachment.objects.get()
    assert attachment.name == "contrato secreto.pdf"
    assert "contrato" not in attachment.file.name
    on_disk = stored_files(settings)
    assert len(on_disk) == 1
    assert on_disk[0].read_bytes() == b"%PDF-1.4 ..."
    assert Path(settings.PRIVATE_MEDIA_ROOT) in on_disk[0].parents
    for public_root in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert Path(public_root) not in on_disk[0].parents


def test_customer_and_sector_get_e_mails(customer_client, customer, support, deliver_outbox):
    customer_client.post(URL, form_data(support, files=[upload("relatório.pdf", b"%PDF")]))
    ticket = Ticket.objects.get()
    mails = deliver_outbox()
    by_recipient = {m.to[0]: m for m in mails}
    assert set(by_recipient) == {"ana@acme.example.com", "suporte@portal.example.com"}
    confirmation = by_recipient["ana@acme.example.com"]
    assert confirmation.subject == f"Chamado #{ticket.number} recebido: Erro ao emitir nota fiscal"
    assert f"http://testserver/chamados/{ticket.number}/" in confirmation.body
    assert "relatório.pdf" in confirmation.body
    alert = by_recipient["suporte@portal.example.com"]
    assert f"#{ticket.number}" in alert.subject and "Suporte" in alert.subject
    assert f"/admin/tickets/ticket/{ticket.pk}/change/" in alert.body
    assert "ana@acme.example.com" in alert.body


def test_sector_without_address_gets_no_alert(customer_client, deliver_outbox):
    quiet = SectorFactory(name="Comercial", email="")
    customer_client.post(URL, form_data(quiet))
    assert [m.to for m in deliver_outbox()] == [["ana@acme.example.com"]]


def test_posted_owner_status_and_assignee_are_ignored(customer_client, customer, stranger, staff, support):
    customer_client.post(
        URL,
        form_data(support, customer=stranger.pk, status="closed", assignee=staff.pk, organization=""),
    )
    ticket = Ticket.objects.get()
    assert ticket.customer == customer
    assert ticket.status == Ticket.Status.NEW
    assert ticket.assignee is None


def test_inactive_sector_is_refused(customer_client):
    inactive = SectorFactory(name="Antigo", is_active=False)
    response = customer_client.post(URL, form_data(inactive))
    assert response.status_code == 200
    assert not Ticket.objects.exists()


def test_subject_is_one_line(customer_client, support):
    customer_client.post(URL, form_data(support, subject="Linha 1\r\nBcc: x@y.z"))
    assert Ticket.objects.get().subject == "Linha 1 Bcc: x@y.z"


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/conta/login/")
    assert client.post(URL, {}).status_code == 302


# Limits and bad files -------------------------------------------------------


def test_more_files_than_allowed_is_a_form_error(customer_client, support, settings):
    files = [upload(f"f{i}.txt", b"x") for i in range(settings.ATTACHMENT_MAX_FILES + 1)]
    response = customer_client.post(URL, form_data(support, files=files))
    assert response.status_code == 200
    assert "Envie no máximo 5 arquivos por mensagem." in response.content.decode()
    assert not Ticket.objects.exists()
    assert not stored_files(settings)


def test_file_over_the_limit_is_named_in_the_error(customer_client, support, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = customer_client.post(
        URL,
        form_data(support, files=[upload("pequeno.txt", b"ok"), upload("planilha enorme.xlsx", b"x" * 2048)]),
    )
    html = response.content.decode()
    assert "O arquivo “planilha enorme.xlsx” é grande demais" in html
    assert "pequeno.txt" not in html
    assert not Ticket.objects.exists()
    assert not stored_files(settings)


def test_default_limit_is_ten_megabytes_per_file(customer_client, support, settings):
    assert settings.ATTACHMENT_MAX_BYTES == 10 * 1024 * 1024
    big = upload("video.mp4", b"0" * (settings.ATTACHMENT_MAX_BYTES + 1))
    response = customer_client.post(URL, form_data(support, files=[big]))
    assert "O arquivo “video.mp4” é grande demais (10,0" in response.content.decode()
    assert not Ticket.objects.exists()


def test_empty_file_is_refused_by_name(customer_client, support, settings):
    response = customer_client.post(URL, form_data(support, files=[upload("vazio.txt", b"")]))
    assert "O arquivo “vazio.txt” está vazio." in response.content.decode()
    assert not Ticket.objects.exists()


def test_missing_subject_or_description_keeps_what_was_typed(customer_client, support):
    response = customer_client.post(URL, form_data(support, subject=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Módulo Faturamento" in html
    assert "is-invalid" in html or "invalid-feedback" in html
    assert not Ticket.objects.exists()


def test_more_files_than_the_request_allows_is_refused_without_saving(customer_client, support, settings):
    files = [upload(f"f{i}.txt", b"x") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    response = customer_client.post(URL, form_data(support, files=files))
    assert response.status_code == 400
    assert not Ticket.objects.exists()


# All or nothing -------------------------------------------------------------


def test_storage_failure_mid_way_saves_nothing(customer_client, support, settings):
    real_save = FileSystemStorage._save
    calls = {"n": 0}

    def flaky_save(self, name, content):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return real_save(self, name, content)

    with mock.patch.object(FileSystemStorage, "_save", flaky_save):
        response = customer_client.post(
            URL, form_data(support, files=[upload("um.txt", b"1"), upload("dois.txt", b"2")])
        )
    assert calls["n"] == 2
    assert response.status_code == 200
    assert "Não conseguimos guardar seus arquivos. Nada foi salvo" in response.content.decode()
    assert not Ticket.objects.exists()
    assert not Message.objects.exists()
    assert not Attachment.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert not stored_files(settings), "the file stored before the failure must be removed"


def test_e_mail_failure_while_recording_saves_nothing(customer_client, support, settings):
    with (
        mock.patch("tickets.services.email_send", side_effect=RuntimeError("template broken")),
        pytest.raises(RuntimeError),
    ):
        customer_client.post(URL, form_data(support, files=[upload("um.txt", b"1")]))
    assert not Ticket.objects.exists()
    assert not Attachment.objects.exists()
    assert not stored_files(settings)


# Double submit ----------------------------------------------------------------


def test_double_click_creates_one_ticket(customer_client, support, deliver_outbox):
    data = form_data(support)
    first = customer_client.post(URL, {**data, "files": [upload("a.txt", b"a")]})
    second = customer_client.post(URL, {**data, "files": [upload("a.txt", b"a")]})
    ticket = Ticket.objects.get()
    assert first["Location"] == second["Location"] == f"/chamados/{ticket.number}/"
    assert Message.objects.count() == 1
    assert Attachment.objects.count() == 1
    assert len(deliver_outbox()) == 2  # one confirmation, one sector alert


def test_each_form_gets_its_own_token(customer_client, support):
    first = customer_client.get(URL).context["form"]["client_token"].value()
    second = customer_client.get(URL).context["form"]["client_token"].value()
    assert first != second
    customer_client.post(URL, form_data(support, client_token=str(first)))
    customer_client.post(URL, form_data(support, client_token=str(second)))
    assert Ticket.objects.count() == 2


def test_same_token_from_another_customer_is_a_different_ticket(client, customer, colleague, support):
    data = form_data(support)
    client.force_login(customer)
    client.post(URL, data)
    client.force_login(colleague)
    client.post(URL, data)
    assert Ticket.objects.count() == 2


# Follow-up of a closed ticket -------------------------------------------------


def test_closed_ticket_offers_a_follow_up_that_references_it(customer_client, customer, support):
    closed = TicketFactory(customer=customer, status=Ticket.Status.CLOSED, subject="Antigo problema")
    html = customer_client.get(f"{URL}?ref={closed.number}").content.decode()
    assert f"Este chamado dá continuidade ao chamado #{closed.number}" in html
    assert 'value="Antigo problema"' in html
    customer_client.post(URL, form_data(support, related_to=closed.number))
    follow_up = Ticket.objects.exclude(pk=closed.pk).get()
    assert follow_up.related_to == closed
    html = customer_client.get(follow_up.get_absolute_url()).content.decode()
    assert f'href="/chamados/{closed.number}/"' in html


def test_follow_up_of_someone_elses_ticket_is_ignored(customer_client, stranger, support):
    other = TicketFactory(customer=stranger, subject="Segredo da concorrência")
    html = customer_client.get(f"{URL}?ref={other.number}").content.decode()
    assert "Segredo da concorrência" not in html
    customer_client.post(URL, form_data(support, related_to=other.number))
    assert Ticket.objects.get(customer__username="ana").related_to is None


def test_mangled_hidden_fields_do_not_block_the_customer(customer_client, support):
    response = customer_client.post(URL, form_data(support, client_token="not-a-uuid", related_to="abc"))
    assert response.status_code == 302
    assert Ticket.objects.get().related_to is None


def test_e_mails_escape_what_the_customer_typed(customer_client, support, deliver_outbox):
    customer_client.post(
        URL,
        form_data(
            support, subject="<b>Urgente</b>", description='<script>alert("x")</script>\nhttps://exemplo.com'
        ),
    )
    for mail in deliver_outbox():
        html = mail.alternatives[0][0]
        assert "<script>" not in html and "<b>Urgente" not in html
        assert "&lt;script&gt;" in html
        assert '<a href="https://exemplo.com"' in html
        assert "\n" not in mail.subject
        assert '<script>alert("x")</script>' in mail.body  # plain text stays as typed
