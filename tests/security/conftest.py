"""Ana's private objects (one of each kind a customer-facing URL points at) and a snapshot of
everything a request could change, shared by the security tests."""

from dataclasses import dataclass

import pytest

from ideas.models import Idea
from kb.models import Article
from notifications.models import Notification
from notifications.services import notify
from projects.models import Project, ProjectUpdate, UpdateComment, UpdateFile
from projects.services import project_update_post, update_comment_post
from tests.factories import UserFactory
from tests.helpers import default_sector, png_bytes, upload
from tests.ideas.factories import IdeaFactory
from tests.kb.factories import ArticleFactory
from tests.projects.factories import ProjectFactory
from tickets.models import Attachment, Ticket
from tickets.services import ticket_open

from .helpers import SECRET


@dataclass
class World:
    ticket: Ticket
    attachment: Attachment
    project: Project
    project_update: ProjectUpdate
    update_file: UpdateFile
    comment: UpdateComment
    notification: Notification
    draft_idea: Idea
    idea: Idea
    article: Article


@pytest.fixture
def world(customer, colleague, organization):
    """Ana's ticket (with an image attachment), a project only she is listed on, her own
    notification, a draft idea and a published one. Her company does not share tickets."""
    organization.share_tickets = False
    organization.save()
    sector = default_sector()
    ticket = ticket_open(
        customer=customer,
        sector=sector,
        subject=SECRET,
        description=f"{SECRET}: detalhes",
        files=[upload("planta.png", png_bytes(), "image/png")],
    )
    attachment = ticket.messages.get().attachments.get()
    assert attachment.thumbnail
    project = ProjectFactory(organization=organization, name=f"{SECRET} (projeto)")
    project.customers.set([customer])
    project_update = project_update_post(
        project=project,
        author=None,
        body=f"{SECRET} (atualização)",
        files=[upload("cronograma.png", png_bytes(), "image/png")],
    )
    update_file = project_update.files.get()
    assert update_file.thumbnail
    comment = update_comment_post(update=project_update, author=customer, body=f"{SECRET} (comentário)")
    Notification.objects.filter(recipient=customer).delete()
    notify([customer], title=f"{SECRET} (aviso)", link="/painel/", kind=Notification.Kind.TICKET)
    return World(
        ticket=ticket,
        attachment=attachment,
        project=project,
        project_update=project_update,
        update_file=update_file,
        comment=comment,
        notification=Notification.objects.get(recipient=customer),
        draft_idea=IdeaFactory(published=False, title=f"{SECRET} (rascunho)"),
        idea=IdeaFactory(title="Ideia publicada"),
        article=ArticleFactory(title="Artigo para clientes", visibility=Article.Visibility.CUSTOMERS),
    )


@pytest.fixture(params=["stranger", "colleague", "customer_without_company"])
def intruder(request, stranger, colleague):
    """Someone who must not see Ana's things: another company's customer, a colleague of a
    company that does not share tickets, a customer without a company."""
    if request.param == "stranger":
        return stranger
    if request.param == "colleague":
        return colleague
    return UserFactory(organization=None, username="avulso")
