"""Reads that depend on who asks. Every customer-facing view goes through these."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from accounts.people import Person

from .models import Project, ProjectQuerySet, ProjectUpdate, UpdateComment, UpdateFile

PROJECT_TICKETS_SHOWN = 10


def project_list(*, user: Person) -> ProjectQuerySet:
    """Projects the user sees, with progress, next milestone and late count annotated
    (constant queries per page), newest activity first."""
    return Project.objects.visible_to(user).with_overview().order_by("-updated_at", "-pk")


def latest_projects(*, user: Person, limit: int = 5) -> list[Project]:
    return list(project_list(user=user)[:limit])


def project_for_user(*, user: Person, pk: int) -> Project | None:
    """The project if the user sees it (with its overview annotated), else None (a 404)."""
    return project_list(user=user).select_related("manager").filter(pk=pk).first()


def project_updates(*, project: Project) -> QuerySet[ProjectUpdate]:
    """The project's updates, newest first, each with its files and the comments customers
    see (three queries per page whatever their number)."""
    comments = UpdateComment.objects.shown().select_related("author")
    return project.updates.select_related("author").prefetch_related(
        Prefetch("files", queryset=UpdateFile.objects.order_by("pk")),
        Prefetch("comments", queryset=comments),
    )


def project_tickets(*, user: Person, project: Project) -> list:
    """The newest tickets about the project that the user may see (the tickets' own rule)."""
    tickets = project.tickets.visible_to(user)  # type: ignore[attr-defined]
    return list(tickets.select_related("sector").order_by("-last_activity_at", "-pk")[:PROJECT_TICKETS_SHOWN])


def update_for_user(*, user: Person, project_pk: int, update_pk: int) -> ProjectUpdate | None:
    """An update of a project the user sees, else None."""
    return (
        ProjectUpdate.objects.select_related("project")
        .filter(pk=update_pk, project_id=project_pk, project__in=Project.objects.visible_to(user))
        .first()
    )


def file_for_user(*, user: Person, project_pk: int, file_pk: int) -> UpdateFile | None:
    """A file of an update of a project the user sees, else None (the download's 404)."""
    return (
        UpdateFile.objects.filter(
            pk=file_pk,
            update__project_id=project_pk,
            update__project__in=Project.objects.visible_to(user),
        )
        .select_related("update")
        .first()
    )
