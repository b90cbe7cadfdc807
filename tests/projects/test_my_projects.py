"""Meus projetos, as a customer sees it: list, filter by status, detail, and who sees what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Project
from tests.factories import UserFactory

from .factories import MilestoneFactory, ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("projects:list")


def project_with_progress(organization, done, pending, **kwargs):
    project = ProjectFactory(organization=organization, **kwargs)
    for _ in range(done):
        MilestoneFactory(project=project, done=True)
    for _ in range(pending):
        MilestoneFactory(project=project, done=False)
    return project


def test_list_shows_company_projects_with_progress_bar(customer_client, organization, stranger):
    project_with_progress(organization, 1, 3, name="Portal de vendas")
    ProjectFactory(organization=stranger.organization, name="Projeto do concorrente")

    response = customer_client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Meus projetos" in html
    assert "Portal de vendas" in html
    assert '<progress max="100" value="25"' in html
    assert "25%" in html
    assert "Em produção" in html
    assert "Projeto do concorrente" not in html
    assert 'style="' not in html  # CSP: no inline styles


def test_filter_by_status_shows_only_finished_projects(customer_client, organization):
    ProjectFactory(organization=organization, name="Sistema em andamento")
    ProjectFactory(organization=organization, name="Sistema entregue", status=Project.Status.FINISHED)

    html = customer_client.get(LIST_URL, {"status": "finished"}).content.decode()

    assert "Sistema entregue" in html
    assert "Sistema em andamento" not in html
    assert '<option value="finished" selected>Finalizado</option>' in html


def test_unknown_status_filter_is_ignored(customer_client, organization):
    ProjectFactory(organization=organization, name="Sistema em andamento")

    response = customer_client.get(LIST_URL, {"status": "<script>"})

    assert response.status_code == 200
    assert "Sistema em andamento" in response.content.decode()


def test_project_name_opens_detail_with_milestones_and_updates(customer_client, organization, staff):
    project = project_with_progress(organization, 2, 2, name="Portal de vendas")
    MilestoneFactory(project=project, title="Integração com o ERP", done=False, position=9)
    ProjectUpdateFactory(
        project=project,
        author=staff,
        body="Protótipo aprovado.\nSegunda linha **em negrito** <script>alert(1)</script>"
        " [clique](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )

    list_html = customer_client.get(LIST_URL).content.decode()
    assert f'href="{project.get_absolute_url()}"' in list_html

    html = customer_client.get(project.get_absolute_url()).content.decode()
    assert "Portal de vendas" in html
    assert '<progress max="100" value="40"' in html
    assert "Integração com o ERP" in html
    # Markdown, sanitized: formatting stays, nothing runs.
    assert "<p>Protótipo aprovado.<br>\nSegunda linha <strong>em negrito</strong>" in html
    assert "alert(1)" not in html
    assert "onerror" not in html
    assert staff.display_name in html


def test_finished_project_without_milestones_is_complete(customer_client, organization):
    project = ProjectFactory(organization=organization, status=Project.Status.FINISHED)

    html = customer_client.get(project.get_absolute_url()).content.decode()

    assert '<progress max="100" value="100"' in html


def test_other_company_project_is_404(customer_client, stranger):
    project = ProjectFactory(organization=stranger.organization)

    assert customer_client.get(project.get_absolute_url()).status_code == 404


def test_project_listing_specific_customers_is_hidden_from_colleagues(client, customer, colleague):
    project = ProjectFactory(organization=customer.organization, name="Projeto da Ana")
    project.customers.add(customer)

    client.force_login(colleague)
    assert client.get(project.get_absolute_url()).status_code == 404
    assert "Projeto da Ana" not in client.get(LIST_URL).content.decode()

    client.force_login(customer)
    assert client.get(project.get_absolute_url()).status_code == 200
    assert "Projeto da Ana" in client.get(LIST_URL).content.decode()


def test_customer_without_company_sees_no_projects(client, organization):
    ProjectFactory(organization=organization, name="Projeto da empresa")
    client.force_login(UserFactory(organization=None))

    html = client.get(LIST_URL).content.decode()

    assert "Projeto da empresa" not in html


def test_pages_need_login(client, organization):
    project = ProjectFactory(organization=organization)

    for url in [LIST_URL, project.get_absolute_url()]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]


def test_dashboard_shows_latest_projects_with_progress(customer_client, organization):
    project_with_progress(organization, 1, 1, name="Portal de vendas")

    html = customer_client.get(reverse("dashboard")).content.decode()

    assert "Últimos projetos" in html
    assert "Portal de vendas" in html
    assert '<progress max="100" value="50"' in html
    assert f'href="{LIST_URL}"' in html  # main menu and quick links


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_list_query_count_does_not_grow_with_projects(
    customer_client, organization, django_assert_max_num_queries
):
    project_with_progress(organization, 1, 1)
    small_list = _count_queries(customer_client, LIST_URL)
    small_dashboard = _count_queries(customer_client, reverse("dashboard"))

    for _ in range(15):
        project_with_progress(organization, 2, 3, status=Project.Status.FINISHED)
    with django_assert_max_num_queries(small_list):
        customer_client.get(LIST_URL, {"status": "finished"})
    with django_assert_max_num_queries(small_dashboard):
        customer_client.get(reverse("dashboard"))


def test_detail_query_count_does_not_grow_with_milestones_and_updates(
    customer_client, organization, django_assert_max_num_queries
):
    project = project_with_progress(organization, 1, 1)
    ProjectUpdateFactory(project=project)
    small = _count_queries(customer_client, project.get_absolute_url())

    for _ in range(10):
        MilestoneFactory(project=project)
    ProjectUpdateFactory.create_batch(15, project=project)
    with django_assert_max_num_queries(small):
        customer_client.get(project.get_absolute_url())
