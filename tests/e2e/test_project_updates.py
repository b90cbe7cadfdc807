"""A project update with a file, in two browsers: the team posts it in the admin (and
concludes a milestone), the customer hears of it, reads it, downloads the file and comments."""

import pytest
from playwright.sync_api import expect

from notifications.models import OutboundEmail
from projects.models import Milestone, Project, UpdateComment, UpdateFile
from tests.e2e.helpers import give_second_factor_code, log_in
from tests.factories import OrganizationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_team_posts_an_update_with_a_file_the_customer_downloads_it(
    page, browser, browser_context_args, live_server, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    ana = UserFactory(username="ana", first_name="Ana", last_name="Souza", organization=OrganizationFactory())
    staff = StaffFactory(username="equipe", first_name="Carla", last_name="Mendes")
    project = Project.objects.create(
        organization=ana.organization, name="Portal de vendas B2B", manager=staff
    )
    Milestone.objects.create(project=project, title="Protótipo", position=1, weight=1)
    Milestone.objects.create(project=project, title="Integração com o ERP", position=2, weight=3)

    # The team posts the update with a file and concludes the first milestone.
    team = browser.new_context(**browser_context_args)
    staff_page = team.new_page()
    staff_page.set_default_timeout(15_000)
    log_in(staff_page, live_server.url, "equipe", next_url="?next=/admin/")
    give_second_factor_code(staff_page)
    staff_page.goto(f"{live_server.url}/admin/projects/project/{project.pk}/change/")
    staff_page.locator('select[name="milestones-0-state"]').select_option("done")
    staff_page.locator('textarea[name="updates-0-body"]').fill("Protótipo **aprovado**. Segue o cronograma.")
    staff_page.locator('input[name="updates-0-attachments"]').set_input_files(
        [{"name": "cronograma março.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 cronograma"}]
    )
    staff_page.get_by_role("button", name="Salvar", exact=True).click()
    expect(staff_page.locator(".messagelist")).to_contain_text("com sucesso")
    assert UpdateFile.objects.get().name == "cronograma março.pdf"

    # The customer sees the bell (update and milestone), then the project.
    log_in(page, live_server.url, "ana")
    page.goto(f"{live_server.url}/painel/")
    expect(page.get_by_test_id("bell-count")).to_have_text("2")
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Meus projetos").click()
    page.get_by_role("link", name="Portal de vendas B2B").first.click()
    expect(page.locator("progress")).to_have_attribute("value", "25")
    update = page.get_by_test_id("update")
    expect(update.locator("strong")).to_have_text("aprovado")
    expect(page.get_by_test_id("milestone").first).to_contain_text("Concluída")

    with page.expect_download() as download_info:
        update.get_by_role("link", name="cronograma março.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "cronograma março.pdf"
    saved = tmp_path / "download.pdf"
    download.save_as(saved)
    assert saved.read_bytes() == b"%PDF-1.4 cronograma"

    # She comments; the project's manager is told by e-mail.
    update.get_by_text("Comentar").click()
    update.get_by_label("Seu comentário").fill("Obrigada! Podemos incluir o estoque por filial?")
    update.get_by_role("button", name="Publicar comentário").click()
    expect(page.get_by_text("Seu comentário foi publicado.")).to_be_visible()
    expect(page.get_by_test_id("comment")).to_contain_text("estoque por filial")
    assert UpdateComment.objects.get().author == ana
    assert OutboundEmail.objects.filter(to_email=staff.email, subject__contains="comentou").exists()
    team.close()
