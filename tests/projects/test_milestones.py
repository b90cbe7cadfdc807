"""Etapas: weighted progress, late marking (with a frozen clock), next milestone, delivery
dates, and concluding one notifies the project's customers once."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from notifications.models import Notification
from projects.models import Milestone, Project, progress_percent
from projects.services import milestone_set_state, project_status_set

from .factories import MilestoneFactory, ProjectFactory
from .test_admin import admin_post_data, change_url

pytestmark = pytest.mark.django_db

DONE, DOING, TODO = Milestone.State.DONE, Milestone.State.IN_PROGRESS, Milestone.State.TODO
# 10:00 in São Paulo on 2026-03-10 (13:00 UTC).
NOW = dt.datetime(2026, 3, 10, 13, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("done", "total", "finished", "expected"),
    [
        (0, 0, False, 0),  # no milestones: nothing to show yet
        (0, 0, True, 100),  # ... unless the project is finished
        (1, 4, False, 25),
        (1, 3, False, 33),
        (2, 3, False, 67),  # half up
        (1, 8, False, 13),  # 12.5 -> 13
        (199, 200, False, 99),  # never 100% while something is pending
        (3, 3, False, 100),
    ],
)
def test_progress_percent(done, total, finished, expected):
    assert progress_percent(done, total, finished=finished) == expected


def test_progress_is_the_concluded_share_of_the_weights(customer_client, organization):
    project = ProjectFactory(organization=organization)
    MilestoneFactory(project=project, weight=1, state=DONE)
    MilestoneFactory(project=project, weight=3, state=DONE)
    MilestoneFactory(project=project, weight=6, state=DOING)  # in progress counts as not done

    assert Project.objects.with_progress().get(pk=project.pk).progress == 40
    assert Project.objects.get(pk=project.pk).progress == 40  # without the annotation
    for url in (reverse("projects:list"), project.get_absolute_url()):
        assert '<progress max="100" value="40"' in customer_client.get(url).content.decode()


def test_equal_weights_when_none_are_set(organization):
    project = ProjectFactory(organization=organization)
    MilestoneFactory.create_batch(3, project=project, done=True)
    MilestoneFactory(project=project)

    assert Project.objects.with_overview().get(pk=project.pk).progress == 75


def test_weight_below_one_is_refused_in_the_admin(staff_client, organization):
    project = ProjectFactory(organization=organization)
    MilestoneFactory(project=project)

    response = staff_client.post(
        change_url(project), admin_post_data(project, **{"milestones-0-weight": "0"})
    )

    assert response.status_code == 200
    assert project.milestones.get().weight == 1


@time_machine.travel(NOW, tick=False)
def test_late_milestones_are_marked_in_red(customer_client, organization):
    project = ProjectFactory(organization=organization, expected_delivery=dt.date(2026, 3, 9))
    MilestoneFactory(project=project, title="Vencida ontem", due_date=dt.date(2026, 3, 9), position=1)
    MilestoneFactory(project=project, title="Vence hoje", due_date=dt.date(2026, 3, 10), position=2)
    MilestoneFactory(
        project=project, title="Concluída com atraso", due_date=dt.date(2026, 3, 1), done=True, position=0
    )

    html = customer_client.get(project.get_absolute_url()).content.decode()

    items = html.split('data-testid="milestone"')[1:]
    late = [item for item in items if "milestone-late-badge" in item.split("</li>")[0]]
    assert len(late) == 1
    assert "Vencida ontem" in late[0]
    assert "atrasada" in late[0]
    assert "text-bg-danger" in late[0]
    assert 'class="milestone milestone-late"' in html
    # The next milestone is the first one not concluded, with its date.
    assert "Vencida ontem · <time" in html
    # Delivery expected yesterday and not finished: late too.
    facts = html.split('data-testid="project-facts"')[1].split("</dl>")[0]
    assert "09/03/2026" in facts and "atrasada" in facts

    list_html = customer_client.get(reverse("projects:list")).content.decode()
    assert "1 atrasada" in list_html


def test_late_marking_follows_the_clock(organization):
    milestone = MilestoneFactory(
        project=ProjectFactory(organization=organization), due_date=dt.date(2026, 3, 10)
    )

    # 23:30 in São Paulo on the due date is still on time (02:30 UTC the next day).
    with time_machine.travel(dt.datetime(2026, 3, 11, 2, 30, tzinfo=dt.UTC), tick=False):
        assert not milestone.is_late
        assert Project.objects.with_overview().get().late_milestones == 0
    with time_machine.travel(dt.datetime(2026, 3, 11, 3, 30, tzinfo=dt.UTC), tick=False):
        assert milestone.is_late
        assert Project.objects.with_overview().get().late_milestones == 1
        milestone.state = DONE
        assert not milestone.is_late


@time_machine.travel(NOW, tick=False)
def test_concluding_a_milestone_in_the_admin_notifies_customers_once(
    staff_client, customer, colleague, deliver_outbox
):
    project = ProjectFactory(organization=customer.organization, name="ERP")
    MilestoneFactory(project=project, title="Protótipo", weight=1, state=DOING)
    MilestoneFactory(project=project, title="Integração", weight=3)

    data = admin_post_data(project, **{"milestones-0-state": "done"})
    assert staff_client.post(change_url(project), data).status_code == 302
    assert staff_client.post(change_url(project), data).status_code == 302  # saved again

    milestone = project.milestones.get(title="Protótipo")
    assert milestone.state == DONE
    assert milestone.completed_at == NOW
    notifications = Notification.objects.filter(kind=Notification.Kind.PROJECT_MILESTONE)
    assert {n.recipient for n in notifications} == {customer, colleague}
    notification = notifications.get(recipient=customer)
    assert notification.title == "Etapa concluída em “ERP”: Protótipo"
    assert notification.body == "Andamento: 25%"
    assert notification.link == f"/projetos/{project.pk}/#milestones"
    assert len(deliver_outbox()) == 2


def test_milestone_service_notifies_only_when_concluding(customer):
    project = ProjectFactory(organization=customer.organization)
    milestone = MilestoneFactory(project=project)

    assert milestone_set_state(milestone=milestone, state=DOING) is True
    assert not Notification.objects.exists()  # started: nobody is told
    assert milestone_set_state(milestone=milestone, state=DONE) is True
    assert milestone_set_state(milestone=milestone, state=DONE) is False
    assert Notification.objects.filter(kind=Notification.Kind.PROJECT_MILESTONE).count() == 1
    assert milestone_set_state(milestone=milestone, state=DOING) is True  # reopened
    milestone.refresh_from_db()
    assert milestone.completed_at is None


@time_machine.travel(NOW, tick=False)
def test_finishing_records_the_delivery_date_once(customer_client, customer):
    project = ProjectFactory(organization=customer.organization, expected_delivery=dt.date(2026, 3, 1))

    project_status_set(project=project, status=Project.Status.FINISHED)

    project.refresh_from_db()
    assert project.delivered_on == dt.date(2026, 3, 10)
    assert Notification.objects.get(recipient=customer).kind == Notification.Kind.PROJECT_STATUS
    html = customer_client.get(project.get_absolute_url()).content.decode()
    assert "Entregue em" in html and "10/03/2026" in html
    assert "atrasada" not in html  # finished: the delivery is no longer late

    # Reopened and finished again: the first delivery date stays.
    project_status_set(project=project, status=Project.Status.IN_PRODUCTION)
    with time_machine.travel(NOW + dt.timedelta(days=5), tick=False):
        project_status_set(project=project, status=Project.Status.FINISHED)
    project.refresh_from_db()
    assert project.delivered_on == dt.date(2026, 3, 10)
