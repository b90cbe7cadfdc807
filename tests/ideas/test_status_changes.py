"""Voters are told when an idea changes situação, with the team's note (Canny's most praised
feature): once per change, in their language, with a link to the idea and its history."""

import pytest
from django.urls import reverse

from ideas.models import Idea, StatusChange
from ideas.services import idea_status_set
from notifications.models import Notification, OutboundEmail
from tests.factories import UserFactory
from tests.helpers import read_as

from .factories import IdeaFactory, VoteFactory

pytestmark = pytest.mark.django_db


def _change_in_admin(client, idea, status, note=""):
    return client.post(
        reverse("admin:ideas_idea_change", args=[idea.pk]),
        {
            "title": idea.title,
            "description": idea.description,
            "category": "",
            "status": status,
            "status_note": note,
            "published": "on",
            **_empty_inlines(),
        },
    )


def _empty_inlines():
    data = {}
    for prefix in ("status_changes", "comments"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


def test_staff_change_in_admin_tells_each_voter_once_with_the_note(staff_client, staff, customer, colleague):
    idea = IdeaFactory(title="Relatórios em PDF")
    VoteFactory(idea=idea, user=customer)
    VoteFactory(idea=idea, user=colleague)
    bystander = UserFactory()

    response = _change_in_admin(staff_client, idea, Idea.Status.PLANNED, "Entra na versão de março.")

    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == Idea.Status.PLANNED
    change = StatusChange.objects.get()
    assert (change.old_status, change.new_status, change.note, change.changed_by) == (
        Idea.Status.UNDER_REVIEW,
        Idea.Status.PLANNED,
        "Entra na versão de março.",
        staff,
    )
    notified = Notification.objects.filter(kind=Notification.Kind.IDEA_STATUS)
    assert sorted(notified.values_list("recipient__username", flat=True)) == ["ana", "bruno"]
    assert not Notification.objects.filter(recipient=bystander).exists()
    notice = notified.get(recipient=customer)
    assert notice.title == "Uma ideia em que você votou agora está “Planejada”: Relatórios em PDF"
    assert notice.body == "Entra na versão de março."
    assert notice.link == idea.get_absolute_url()
    assert OutboundEmail.objects.filter(to_user=customer).count() == 1


def test_saving_again_with_the_same_status_tells_nobody(staff_client, customer):
    idea = IdeaFactory()
    VoteFactory(idea=idea, user=customer)

    _change_in_admin(staff_client, idea, Idea.Status.PLANNED, "Nota")
    _change_in_admin(staff_client, idea, Idea.Status.PLANNED, "Nota")  # a resent form

    assert StatusChange.objects.count() == 1
    assert Notification.objects.filter(recipient=customer).count() == 1


def test_each_change_is_one_notice_per_voter(customer):
    idea = IdeaFactory()
    VoteFactory(idea=idea, user=customer)

    for status in (Idea.Status.PLANNED, Idea.Status.IN_DEVELOPMENT, Idea.Status.DONE):
        idea_status_set(idea=idea, status=status, note="", by=None)

    titles = list(
        Notification.objects.filter(recipient=customer).order_by("pk").values_list("title", flat=True)
    )
    assert len(titles) == 3
    assert "Concluída" in titles[-1]


def test_voters_read_it_in_their_language(customer):
    idea = IdeaFactory(title="Dark mode")
    english = UserFactory(language="en")
    VoteFactory(idea=idea, user=customer)
    VoteFactory(idea=idea, user=english)

    idea_status_set(idea=idea, status=Idea.Status.WONT_DO, note="Fora do escopo.", by=None)

    assert (
        read_as(english, Notification.objects.get(recipient=english))[0]
        == "An idea you voted for is now Won't do: Dark mode"
    )
    assert "Não será feita" in read_as(customer, Notification.objects.get(recipient=customer))[0]


def test_idea_page_shows_the_history_with_notes(customer_client):
    idea = IdeaFactory()
    idea_status_set(idea=idea, status=Idea.Status.PLANNED, note="Prevista para março.", by=None)
    idea_status_set(idea=idea, status=Idea.Status.IN_DEVELOPMENT, note="Começamos!", by=None)

    html = customer_client.get(idea.get_absolute_url()).content.decode()

    assert "Histórico da situação" in html
    assert html.index("Começamos!") < html.index("Prevista para março.")  # newest first
    assert "Em desenvolvimento" in html


def test_unknown_status_is_refused():
    idea = IdeaFactory()
    with pytest.raises(ValueError):
        idea_status_set(idea=idea, status="shipped", note="", by=None)
    assert not StatusChange.objects.exists()
