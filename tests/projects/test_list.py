"""The project list: text search, order by last update or expected delivery, cards on
phones and a table on desktop; list and detail cost the same queries at 5 or 500 rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import Milestone, Project, ProjectUpdate, UpdateComment, UpdateFile
from tests.factories import UserFactory

from .factories import ProjectFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("projects:list")


def names_in_order(html, names):
    table = html.split("<tbody>")[1]
    return sorted(names, key=table.index)


def test_search_matches_every_word_in_name_or_description(customer_client, organization, stranger):
    ProjectFactory(organization=organization, name="Portal de vendas", description="Integração com o ERP")
    ProjectFactory(organization=organization, name="Aplicativo de entregas", description="Rotas")
    ProjectFactory(organization=stranger.organization, name="Portal de vendas do concorrente")

    html = customer_client.get(LIST_URL, {"q": "portal erp"}).content.decode()

    assert "Portal de vendas" in html
    assert "Aplicativo de entregas" not in html
    assert "concorrente" not in html
    assert 'value="portal erp"' in html
    empty = customer_client.get(LIST_URL, {"q": "inexistente"}).content.decode()
    assert "Nenhum projeto corresponde à busca." in empty


def test_sort_by_last_update_or_expected_delivery(customer_client, organization):
    early = ProjectFactory(
        organization=organization, name="Entrega cedo", expected_delivery=dt.date(2026, 4, 1)
    )
    undated = ProjectFactory(organization=organization, name="Sem data")
    late = ProjectFactory(
        organization=organization, name="Entrega tarde", expected_delivery=dt.date(2026, 9, 1)
    )
    base = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    for hours, project in enumerate([late, early, undated]):
        Project.objects.filter(pk=project.pk).update(updated_at=base + dt.timedelta(hours=hours))
    names = ["Entrega cedo", "Sem data", "Entrega tarde"]

    by_update = customer_client.get(LIST_URL).content.decode()
    by_delivery = customer_client.get(LIST_URL, {"sort": "delivery"}).content.decode()

    assert names_in_order(by_update, names) == ["Sem data", "Entrega cedo", "Entrega tarde"]
    assert names_in_order(by_delivery, names) == ["Entrega cedo", "Entrega tarde", "Sem data"]
    assert '<option value="delivery" selected>Entrega prevista</option>' in by_delivery
    assert customer_client.get(LIST_URL, {"sort": "<x>"}).status_code == 200


def test_cards_on_phones_and_a_table_on_desktop(customer_client, organization):
    ProjectFactory(organization=organization, name="Portal de vendas")

    html = customer_client.get(LIST_URL).content.decode()

    cards = html.split('data-testid="project-cards"')[1].split("</ul>")[0]
    assert "Portal de vendas" in cards
    assert '<ul class="list-unstyled d-md-none project-cards"' in html
    assert '<div class="table-responsive d-none d-md-block">' in html


def make_projects(organization, count):
    """`count` projects, each with milestones, an update, a file and a comment (bulk, fast)."""
    projects = Project.objects.bulk_create(
        Project(organization=organization, name=f"Projeto {i}", expected_delivery=dt.date(2026, 5, 1))
        for i in range(count)
    )
    Milestone.objects.bulk_create(
        Milestone(
            project=project, title=f"Etapa {j}", state=state, due_date=dt.date(2026, 1, 1), weight=j + 1
        )
        for project in projects
        for j, state in enumerate(["done", "in_progress", "todo"])
    )
    return projects


def make_updates(project, count, *, author, customer):
    updates = ProjectUpdate.objects.bulk_create(
        ProjectUpdate(project=project, author=author, body=f"**Atualização** {i}") for i in range(count)
    )
    UpdateFile.objects.bulk_create(
        UpdateFile(update=update, file=f"projects/x/{update.pk}", name=f"arquivo-{update.pk}.pdf", size=10)
        for update in updates
    )
    UpdateComment.objects.bulk_create(
        UpdateComment(update=update, author=author if i % 2 else customer, body=f"Comentário {i}")
        for i, update in enumerate(updates)
    )


def count_queries(client, url, data=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, data or {})
    assert response.status_code == 200
    return len(context)


@pytest.mark.slow
@pytest.mark.usefixtures("page_cache_off")  # what rendering costs, not serving again
def test_list_costs_the_same_at_5_and_500_projects(customer_client, organization, staff):
    make_projects(organization, 5)
    customer_client.get(reverse("dashboard"))  # a session's first page also records it (Sessões)
    small = count_queries(customer_client, LIST_URL)
    small_sorted = count_queries(customer_client, LIST_URL, {"sort": "delivery", "q": "Projeto"})
    small_dashboard = count_queries(customer_client, reverse("dashboard"))

    make_projects(organization, 495)

    assert count_queries(customer_client, LIST_URL) == small
    assert count_queries(customer_client, LIST_URL, {"sort": "delivery", "q": "Projeto"}) == small_sorted
    assert count_queries(customer_client, reverse("dashboard")) == small_dashboard


@pytest.mark.slow
@pytest.mark.usefixtures("page_cache_off")  # what rendering costs, not serving again
def test_detail_costs_the_same_at_5_and_500_updates_milestones_files_and_comments(
    customer_client, customer, organization, staff, django_assert_max_num_queries
):
    [project] = make_projects(organization, 1)
    make_updates(project, 5, author=staff, customer=customer)
    Milestone.objects.bulk_create(Milestone(project=project, title=f"Extra {i}") for i in range(2))
    small = count_queries(customer_client, project.get_absolute_url())

    make_updates(
        project, 495, author=UserFactory(is_staff=True), customer=UserFactory(organization=organization)
    )
    Milestone.objects.bulk_create(Milestone(project=project, title=f"Mais {i}") for i in range(498))

    with django_assert_max_num_queries(small):
        html = customer_client.get(project.get_absolute_url()).content.decode()
    assert html.count('data-testid="update"') == 20  # paginated
    assert html.count('data-testid="milestone"') == 503
    assert html.count('data-testid="comment"') == 20
