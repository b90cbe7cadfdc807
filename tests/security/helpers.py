"""The security tests' yardstick: everything a request could write, in a comparable form."""

from accounts.models import User
from ideas.models import Comment, Follow, Idea, Rating, StatusChange, Vote
from kb.models import Deflection, Feedback
from notifications.models import Notification, OutboundEmail
from projects.models import Project, ProjectUpdate, UpdateComment, UpdateFile
from tickets.models import Attachment, Message, Satisfaction, Ticket, TicketChange, TicketFollower

SECRET = "Contrato sigiloso da Ana"


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
        "satisfaction": sorted(
            Satisfaction.objects.values_list("ticket_id", "customer_id", "score", "comment")
        ),
        "followers": sorted(TicketFollower.objects.values_list("ticket_id", "user_id", "is_active")),
        "notifications": sorted(Notification.objects.values_list("pk", "recipient_id", "read_at")),
        "emails": OutboundEmail.objects.count(),
        "projects": sorted(Project.objects.values_list("pk", "status", "organization_id")),
        "ideas": sorted(
            Idea.objects.values_list(
                "pk", "published", "status", "suggested_by_id", "merged_into_id", "vote_count", "rating_count"
            )
        ),
        "project_updates": sorted(ProjectUpdate.objects.values_list("pk", "project_id", "body")),
        "update_files": sorted(UpdateFile.objects.values_list("pk", "update_id", "name")),
        "update_comments": sorted(
            UpdateComment.objects.values_list("pk", "update_id", "author_id", "hidden")
        ),
        "votes": sorted(Vote.objects.values_list("idea_id", "user_id")),
        "ratings": sorted(Rating.objects.values_list("idea_id", "user_id", "score")),
        "idea_comments": sorted(Comment.objects.values_list("pk", "idea_id", "author_id", "hidden", "body")),
        "idea_follows": sorted(Follow.objects.values_list("idea_id", "user_id")),
        "idea_status_changes": StatusChange.objects.count(),
        # (Article view counts and search analytics are counters, not anyone's data.)
        "kb_feedback": sorted(Feedback.objects.values_list("article_id", "user_id", "helpful", "comment")),
        "kb_deflections": sorted(Deflection.objects.values_list("article_id", "user_id")),
    }
