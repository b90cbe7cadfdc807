"""Demo data: projects with weighted milestones (one late), updates with a file and a comment."""

import pytest

from accounts import demo as accounts_demo
from notifications.models import Notification
from projects import demo
from projects.models import Milestone, Project, UpdateComment, UpdateFile

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_shows_milestones_updates_files_and_comments(client):
    ctx: dict = {}
    accounts_demo.load(ctx)
    demo.load(ctx)
    counts = (Project.objects.count(), Milestone.objects.count(), UpdateFile.objects.count())
    demo.load(ctx)
    assert (Project.objects.count(), Milestone.objects.count(), UpdateFile.objects.count()) == counts
    assert not Notification.objects.exists()  # loading demo data tells nobody

    running = Project.objects.with_overview().get(name="Portal de vendas B2B")
    assert running.progress == 30
    assert running.late_milestones == 1
    assert running.next_milestone_title == "Integração com o ERP"
    assert UpdateComment.objects.filter(author=ctx["ana"]).exists()
    file = UpdateFile.objects.get()
    client.force_login(ctx["ana"])
    html = client.get(running.get_absolute_url()).content.decode()
    assert "atrasada" in html and file.name in html
    assert b"".join(client.get(file.get_absolute_url()).streaming_content).startswith(b"Telas")
