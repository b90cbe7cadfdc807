"""Staff manage projects in the admin; customers hear about updates and status changes."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from projects.models import Milestone, Project, ProjectUpdate
from tests.helpers import read_as

from .factories import MilestoneFactory, ProjectFactory, ProjectUpdateFactory

pytestmark = pytest.mark.django_db


def change_url(project):
    return reverse("admin:projects_project_change", args=[project.pk])


def admin_post_data(project, *, new_update="", **fields):
    """What the admin change form posts for `project`, with `fields` changed."""
    milestones = list(project.milestones.all())
    updates = list(project.updates.all())
    data = {
        "organization": project.organization_id,
        "name": project.name,
        "description": project.description,
        "status": project.status,
        "customers": [user.pk for user in project.customers.all()],
        "milestones-TOTAL_FORMS": len(milestones),
        "milestones-INITIAL_FORMS": len(milestones),
        "milestones-MIN_NUM_FORMS": 0,
        "milestones-MAX_NUM_FORMS": 1000,
        "updates-TOTAL_FORMS": len(updates) + 1,
        "updates-INITIAL_FORMS": len(updates),
        "updates-MIN_NUM_FORMS": 0,
        "updates-MAX_NUM_FORMS": 1000,
        f"updates-{len(updates)}-project": project.pk,
        f"updates-{len(updates)}-body": new_update,
    }
    for i, milestone in enumerate(milestones):
        data |= {
            f"milestones-{i}-id": milestone.pk,
            f"milestones-{i}-project": project.pk,
            f"milestones-{i}-position": milestone.position,
            f"milestones-{i}-title": milestone.title,
            f"milestones-{i}-state": milestone.state,
            f"milestones-{i}-weight": milestone.weight,
            f"milestones-{i}-due_date": milestone.due_date or "",
        }
    for i, update in enumerate(updates):
        data |= {f"updates-{i}-id": update.pk, f"updates-{i}-project": project.pk}
    data.update(fields)
    return {key: value for key, value in data.items() if value != []}


def test_posting_an_update_notifies_the_company_customers(
    staff_client, staff, customer, colleague, stranger, deliver_outbox
):
    project = ProjectFactory(organization=customer.organization, name="Portal de vendas")
    MilestoneFactory(project=project)

    response = staff_client.post(
        change_url(project), admin_post_data(project, new_update="Integração com o ERP concluída.")
    )

    assert response.status_code == 302, response.content.decode()
    update = ProjectUpdate.objects.get(project=project)
    assert update.author == staff
    assert update.body == "Integração com o ERP concluída."
    notifications = Notification.objects.filter(kind=Notification.Kind.PROJECT_UPDATE)
    assert {n.recipient for n in notifications} == {customer, colleague}
    notification = notifications.get(recipient=customer)
    assert notification.title == "Nova atualização no projeto “Portal de vendas”"
    assert notification.body == "Integração com o ERP concluída."
    assert notification.link == f"/projetos/{project.pk}/#update-{update.pk}"
    mails = deliver_outbox()
    assert sorted(m.to[0] for m in mails) == sorted([customer.email, colleague.email])


def test_customer_sees_the_update_and_its_notification(staff_client, client, customer):
    project = ProjectFactory(organization=customer.organization)
    staff_client.post(change_url(project), admin_post_data(project, new_update="Etapa 1 entregue."))

    client.force_login(customer)
    assert "Etapa 1 entregue." in client.get(project.get_absolute_url()).content.decode()
    notification = Notification.objects.get(recipient=customer)
    assert notification.title in client.get(reverse("notifications:list")).content.decode()
    opened = client.post(reverse("notifications:open", args=[notification.pk]))
    assert opened["Location"] == project.updates.get().get_absolute_url()  # /projetos/<pk>/#update-<pk>


def test_update_only_reaches_the_listed_customers(staff_client, customer, colleague):
    project = ProjectFactory(organization=customer.organization)
    project.customers.add(colleague)

    staff_client.post(change_url(project), admin_post_data(project, new_update="Só para o Bruno."))

    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["bruno"]


def test_status_change_notifies_in_each_customer_language(staff_client, customer, colleague):
    colleague.language = "en"
    colleague.save()
    project = ProjectFactory(organization=customer.organization, name="ERP")
    ProjectUpdateFactory(project=project)

    response = staff_client.post(change_url(project), admin_post_data(project, status="finished"))

    assert response.status_code == 302, response.content.decode()
    project.refresh_from_db()
    assert project.status == Project.Status.FINISHED
    titles = {n.recipient.username: read_as(n.recipient, n)[0] for n in Notification.objects.all()}
    assert titles == {
        "ana": "O projeto “ERP” agora está: Finalizado",
        "bruno": "The project “ERP” is now: Finished",
    }


def test_saving_without_status_change_or_update_notifies_nobody(staff_client, customer):
    project = ProjectFactory(organization=customer.organization)
    MilestoneFactory(project=project, state=Milestone.State.IN_PROGRESS)

    response = staff_client.post(
        change_url(project),
        admin_post_data(project, **{"milestones-0-weight": "3", "milestones-0-title": "Protótipo"}),
    )

    assert response.status_code == 302
    milestone = project.milestones.get()
    assert (milestone.title, milestone.weight, milestone.state) == ("Protótipo", 3, "in_progress")
    assert not Notification.objects.exists()


def test_customers_from_another_company_are_refused(staff_client, customer, stranger):
    project = ProjectFactory(organization=customer.organization)

    response = staff_client.post(
        change_url(project), admin_post_data(project, customers=[customer.pk, stranger.pk])
    )

    assert response.status_code == 200
    assert "não são da empresa do projeto" in response.content.decode()
    assert not project.customers.exists()


def test_staff_list_filters_and_searches_projects(staff_client, organization):
    ProjectFactory(organization=organization, name="Portal de vendas", status=Project.Status.FINISHED)
    ProjectFactory(organization=organization, name="Aplicativo")
    url = reverse("admin:projects_project_changelist")

    html = staff_client.get(url, {"status__exact": "finished", "q": "vendas"}).content.decode()

    assert "Portal de vendas" in html
    assert "Aplicativo" not in html
    assert staff_client.get(reverse("admin:projects_project_add")).status_code == 200


def test_change_page_shows_milestones_and_posted_updates(staff_client, organization):
    project = ProjectFactory(organization=organization)
    MilestoneFactory(project=project, title="Protótipo")
    ProjectUpdateFactory(project=project, body="Publicado ontem.")

    html = staff_client.get(change_url(project)).content.decode()

    assert "Protótipo" in html
    assert "Publicado ontem." in html


def test_customers_cannot_reach_the_admin(customer_client, organization):
    project = ProjectFactory(organization=organization)

    response = customer_client.get(change_url(project))

    assert response.status_code == 302


def test_project_status_set_notifies_once_and_works_outside_the_admin(customer):
    from notifications.models import Notification
    from projects.models import Project
    from projects.services import project_status_set
    from tests.projects.factories import ProjectFactory

    project = ProjectFactory(organization=customer.organization, status=Project.Status.IN_PRODUCTION)
    project.customers.set([customer])

    assert project_status_set(project=project, status=Project.Status.FINISHED) is True
    assert project_status_set(project=project, status=Project.Status.FINISHED) is False  # already
    project.refresh_from_db()
    assert project.status == Project.Status.FINISHED
    assert Notification.objects.filter(recipient=customer, kind=Notification.Kind.PROJECT_STATUS).count() == 1
