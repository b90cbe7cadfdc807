"""Ana's private objects (one of each kind a customer-facing URL points at) and a snapshot of
everything a request could change, shared by the security tests."""

import io
import uuid
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from ideas.models import Idea, Rating, Vote
from kb.models import Article, Deflection, Feedback
from notifications.models import Notification, OutboundEmail
from notifications.services import notify
from projects.models import Project
from tests.factories import UserFactory
from tests.ideas.factories import IdeaFactory
from tests.kb.factories import ArticleFactory
from tests.projects.factories import ProjectFactory
from tickets.models import Attachment, Message, Sector, Ticket, TicketChange
from tickets.services import ticket_open

SECRET = "Contrato sigiloso da Ana"


def upload(name="arquivo.txt", content=b"conteudo", content_type="text/plain"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_bytes(size=(64, 48)):
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def default_sector() -> Sector:
    """Suporte, the default sector the first migration creates (made again if a transactional
    test elsewhere flushed the database on this worker)."""
    return Sector.objects.default() or Sector.objects.create(name="Suporte", is_default=True)


@dataclass
class World:
    ticket: Ticket
    attachment: Attachment
    project: Project
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
    notify([customer], title=f"{SECRET} (aviso)", link="/painel/", kind=Notification.Kind.TICKET)
    return World(
        ticket=ticket,
        attachment=attachment,
        project=project,
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


def snapshot() -> dict:
    """Everything a customer request could write, in a comparable form (read markers of the
    ticket page are left out on purpose: opening a page records that it was seen)."""
    return {
        "users": sorted(
            User.objects.values_list("pk", "username", "email", "is_staff", "is_superuser", "organization_id")
        ),
        "tickets": sorted(
            Ticket.objects.values_list("pk", "status", "customer_id", "assignee_id", "sector_id")
        ),
        "messages": sorted(Message.objects.values_list("pk", "ticket_id", "author_id", "internal", "body")),
        "attachments": sorted(Attachment.objects.values_list("pk", "message_id", "name")),
        "changes": TicketChange.objects.count(),
        "notifications": sorted(Notification.objects.values_list("pk", "recipient_id", "read_at")),
        "emails": OutboundEmail.objects.count(),
        "projects": sorted(Project.objects.values_list("pk", "status", "organization_id")),
        "ideas": sorted(Idea.objects.values_list("pk", "published", "status", "suggested_by_id")),
        "votes": sorted(Vote.objects.values_list("idea_id", "user_id")),
        "ratings": sorted(Rating.objects.values_list("idea_id", "user_id", "score")),
        # (Article view counts and search analytics are counters, not anyone's data.)
        "kb_feedback": sorted(Feedback.objects.values_list("article_id", "user_id", "helpful", "comment")),
        "kb_deflections": sorted(Deflection.objects.values_list("article_id", "user_id")),
    }


def client_token() -> str:
    return str(uuid.uuid4())
