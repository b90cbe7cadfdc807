"""Comments under an update: customers who see the project write them, the team hears by
e-mail, staff hide one in the admin; nobody else can post or read them."""

import pytest
from django.urls import reverse

from notifications.models import OutboundEmail
from projects.models import UpdateComment
from tests.factories import StaffFactory
from tests.helpers import client_token

from .factories import ProjectFactory, ProjectUpdateFactory, UpdateCommentFactory

pytestmark = pytest.mark.django_db


def comment_url(update):
    return reverse("projects:comment", args=[update.project_id, update.pk])


@pytest.fixture
def update(customer, staff):
    project = ProjectFactory(organization=customer.organization, name="Portal B2B", manager=staff)
    return ProjectUpdateFactory(project=project, author=StaffFactory(), body="Protótipo pronto.")


def test_customer_comments_and_the_manager_is_told_by_email(customer_client, update, staff, deliver_outbox):
    token = client_token()

    response = customer_client.post(
        comment_url(update), {"body": "O catálogo mostra o estoque?", "client_token": token}
    )
    again = customer_client.post(
        comment_url(update), {"body": "O catálogo mostra o estoque?", "client_token": token}
    )

    comment = UpdateComment.objects.get()  # a double click writes one comment
    assert response["Location"] == again["Location"] == f"/projetos/{update.project_id}/#comment-{comment.pk}"
    html = customer_client.get(update.project.get_absolute_url()).content.decode()
    assert "O catálogo mostra o estoque?" in html
    assert "Seu comentário foi publicado." in html
    [mail] = deliver_outbox()
    assert mail.to == [staff.email]
    assert mail.subject == "Ana Souza comentou uma atualização de “Portal B2B”"
    assert "O catálogo mostra o estoque?" in mail.body
    assert f"/projetos/{update.project_id}/#update-{update.pk}" in mail.body
    assert f"/admin/projects/updatecomment/{comment.pk}/change/" in mail.body


def test_without_manager_the_update_author_is_told(customer_client, update):
    update.project.manager = None
    update.project.save()

    customer_client.post(comment_url(update), {"body": "Obrigada!", "client_token": client_token()})

    assert list(OutboundEmail.objects.values_list("to_email", flat=True)) == [update.author.email]


def test_comment_text_is_plain_text(customer_client, update):
    customer_client.post(
        comment_url(update), {"body": "<script>x()</script>\nlinha 2", "client_token": client_token()}
    )

    html = customer_client.get(update.project.get_absolute_url()).content.decode()

    assert "&lt;script&gt;x()&lt;/script&gt;<br>linha 2" in html


def test_empty_comment_is_a_form_error(customer_client, update):
    response = customer_client.post(comment_url(update), {"body": "   ", "client_token": client_token()})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Este campo é obrigatório." in html
    assert '<details class="mt-2" open>' in html
    assert not UpdateComment.objects.exists()


def test_hidden_comments_are_not_shown(customer_client, update, customer):
    UpdateCommentFactory(update=update, author=customer, body="Comentário visível")
    UpdateCommentFactory(update=update, author=customer, body="Comentário ofensivo", hidden=True)

    html = customer_client.get(update.project.get_absolute_url()).content.decode()

    assert "Comentário visível" in html
    assert "Comentário ofensivo" not in html


def test_staff_hide_a_comment_in_the_admin(staff_client, update, customer):
    comment = UpdateCommentFactory(update=update, author=customer, body="Spam")
    changelist = reverse("admin:projects_updatecomment_changelist")

    assert "Spam" in staff_client.get(changelist).content.decode()
    response = staff_client.post(
        changelist, {"action": "hide", "_selected_action": [comment.pk]}, follow=True
    )

    comment.refresh_from_db()
    assert comment.hidden
    assert "1 comentário ocultado." in response.content.decode()
    update_page = staff_client.get(reverse("admin:projects_projectupdate_change", args=[update.pk]))
    assert "Spam" in update_page.content.decode()  # staff still see it, with its "hidden" box


def test_staff_answers_are_highlighted(customer_client, update, staff):
    UpdateCommentFactory(update=update, author=staff, body="Sim, por filial.")

    html = customer_client.get(update.project.get_absolute_url()).content.decode()

    assert "update-comment update-comment-staff" in html


def test_others_cannot_comment_or_read_comments(client, update, customer, colleague, stranger):
    update.project.customers.set([customer])
    UpdateCommentFactory(update=update, author=customer, body="Só da Ana")

    for intruder in (stranger, colleague):
        client.force_login(intruder)
        response = client.post(comment_url(update), {"body": "invadido", "client_token": client_token()})
        assert response.status_code == 404
        assert client.get(update.project.get_absolute_url()).status_code == 404
    # An update id under another project's address is not found.
    client.force_login(stranger)
    own = ProjectFactory(organization=stranger.organization)
    response = client.post(
        reverse("projects:comment", args=[own.pk, update.pk]), {"body": "x", "client_token": client_token()}
    )
    assert response.status_code == 404
    assert list(UpdateComment.objects.values_list("body", flat=True)) == ["Só da Ana"]
    assert not OutboundEmail.objects.exists()


def test_commenting_needs_post(customer_client, update):
    assert customer_client.get(comment_url(update)).status_code == 405
