"""“Abrir chamado sobre este projeto”: the ticket form prefilled with the project, only the
customer's own projects accepted, the ticket shows its project and the project its tickets."""

import pytest
from django.urls import reverse

from tests.helpers import client_token, default_sector
from tickets.models import Ticket
from tickets.services import ticket_open

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("tickets:create")


def open_ticket(client, **data):
    return client.post(
        CREATE_URL,
        {
            "sector": default_sector().pk,
            "subject": "Erro no catálogo",
            "description": "Detalhes",
            "client_token": client_token(),
            **data,
        },
    )


def test_project_page_opens_the_form_prefilled(customer_client, organization):
    project = ProjectFactory(organization=organization, name="Portal B2B")
    ProjectFactory(organization=organization, name="Aplicativo")

    detail = customer_client.get(project.get_absolute_url()).content.decode()
    assert f'href="{CREATE_URL}?projeto={project.pk}"' in detail
    assert "Abrir chamado sobre este projeto" in detail

    html = customer_client.get(CREATE_URL, {"projeto": project.pk}).content.decode()
    assert f'<option value="{project.pk}" selected>Portal B2B</option>' in html
    assert "Aplicativo</option>" in html


def test_ticket_about_a_project_shows_it_and_is_listed_on_the_project(customer_client, organization):
    project = ProjectFactory(organization=organization, name="Portal B2B")

    response = open_ticket(customer_client, project=project.pk)

    ticket = Ticket.objects.get()
    assert response["Location"] == ticket.get_absolute_url()
    assert ticket.project == project
    ticket_html = customer_client.get(ticket.get_absolute_url()).content.decode()
    assert f'href="{project.get_absolute_url()}" data-testid="ticket-project">Portal B2B</a>' in ticket_html
    project_html = customer_client.get(project.get_absolute_url()).content.decode()
    assert f"{ticket.display_number} Erro no catálogo" in project_html


def test_another_companys_project_is_refused(customer_client, organization, stranger):
    ProjectFactory(organization=organization, name="Meu projeto")
    foreign = ProjectFactory(organization=stranger.organization, name="Projeto alheio")

    form_html = customer_client.get(CREATE_URL, {"projeto": foreign.pk}).content.decode()
    response = open_ticket(customer_client, project=foreign.pk)

    assert "Meu projeto" in form_html and "Projeto alheio" not in form_html
    assert " selected>Meu projeto" not in form_html
    assert response.status_code == 200
    assert "Faça uma escolha válida" in response.content.decode()
    assert not Ticket.objects.exists()


def test_a_project_id_posted_without_any_visible_project_is_ignored(customer_client, stranger):
    foreign = ProjectFactory(organization=stranger.organization)

    assert open_ticket(customer_client, project=foreign.pk).status_code == 302
    assert Ticket.objects.get().project is None


def test_without_projects_the_form_has_no_project_field(customer_client):
    assert 'name="project"' not in customer_client.get(CREATE_URL).content.decode()
    assert open_ticket(customer_client).status_code == 302


def test_project_lists_only_tickets_the_customer_may_see(client, customer, colleague, organization):
    organization.share_tickets = False
    organization.save()
    project = ProjectFactory(organization=organization)
    sector = default_sector()
    ticket_open(customer=customer, sector=sector, subject="Chamado da Ana", description="x", project=project)
    ticket_open(
        customer=colleague, sector=sector, subject="Chamado do Bruno", description="x", project=project
    )

    client.force_login(colleague)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Chamado do Bruno" in html
    assert "Chamado da Ana" not in html

    organization.share_tickets = True
    organization.save()
    assert "Chamado da Ana" in client.get(project.get_absolute_url()).content.decode()


def test_colleague_sees_a_shared_ticket_but_not_a_project_restricted_to_others(client, customer, colleague):
    project = ProjectFactory(organization=customer.organization, name="Projeto restrito")
    project.customers.set([customer])
    ticket = ticket_open(
        customer=customer, sector=default_sector(), subject="x", description="x", project=project
    )

    client.force_login(colleague)
    html = client.get(ticket.get_absolute_url()).content.decode()

    assert "Projeto restrito" not in html
