"""Projects with the broker refusing: the team's update (with a file), a concluded milestone
and a status change are saved with their outbox rows; the sweep sends them later."""

import pytest

from notifications.models import Notification, OutboundEmail
from projects.models import Project, ProjectUpdate
from tests.helpers import upload
from tests.projects.factories import MilestoneFactory, ProjectFactory
from tests.projects.test_admin import admin_post_data, change_url

pytestmark = pytest.mark.django_db


def test_admin_update_milestone_and_status_with_the_broker_refusing(
    refused_broker, staff_client, customer, django_capture_on_commit_callbacks
):
    project = ProjectFactory(organization=customer.organization)
    MilestoneFactory(project=project)
    data = admin_post_data(
        project, new_update="Sem broker.", status="finished", **{"milestones-0-state": "done"}
    )
    data["updates-0-attachments"] = [upload("ata.txt")]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(change_url(project), data)

    assert response.status_code == 302
    assert ProjectUpdate.objects.get().files.count() == 1
    assert Project.objects.get().status == Project.Status.FINISHED
    kinds = set(Notification.objects.filter(recipient=customer).values_list("kind", flat=True))
    assert kinds == {"project_update", "project_milestone", "project_status"}
    assert OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING, to_email=customer.email).exists()
