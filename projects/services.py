"""Writes with side effects on projects: updates (with files), milestones, status, comments.

Every function is atomic: the rows, the stored files and the notifications and e-mails they
cause are all written, or none is. Each event notifies once: a repeated call (a double
click, an admin form saved again) changes nothing and tells nobody.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.markup import markdown_to_text
from notifications.messages import in_each_language
from notifications.models import Notification
from notifications.outbox import email_send
from notifications.services import notify
from portal import page_cache
from portal.attachments import atomic_with_files, store_files

from .models import Milestone, Project, ProjectUpdate, UpdateComment, UpdateFile


def _notify_audience(project: Project, *, kind: str, event: str, params: dict, link: str = "") -> int:
    """Notify the project's customers of `event` (its text is in notifications.messages and
    reads in each customer's language)."""
    return notify(
        project.audience(),
        kind=kind,
        event=event,
        params={"name": project.name, **params},
        link=link or project.get_absolute_url(),
    )


def _touch(project: Project) -> None:
    """ "Última alteração" and the list's order follow what customers see change."""
    project.updated_at = timezone.now()
    Project.objects.filter(pk=project.pk).update(updated_at=project.updated_at)
    page_cache.touch(organizations=[project.organization_id])


def project_update_post(
    *, project: Project, author: User | None, body: str, files: Sequence = ()
) -> ProjectUpdate:
    """Add an update (Markdown text plus optional files) to the project's timeline and notify
    its customers, all or nothing (stored files are removed again if anything fails).

    Each customer who sees the project gets an in-portal notification linking to the update
    (and an e-mail if they opted in). Raises AttachmentStorageError when a file cannot be
    stored; then nothing was saved.
    """
    with atomic_with_files() as stored:
        update = ProjectUpdate.objects.create(project=project, author=author, body=body)
        store_files(files, stored, build=lambda **fields: UpdateFile(update=update, **fields))
        _touch(project)
        _notify_audience(
            project,
            kind=Notification.Kind.PROJECT_UPDATE,
            event="project_update",
            params={"excerpt": truncatechars(markdown_to_text(body), 300)},
            link=update.get_absolute_url(),
        )
    return update


def milestone_set_state(*, milestone: Milestone, state: str) -> bool:
    """Move a milestone to `state` (a fazer, em andamento, concluída). Concluding it records
    when and notifies the project's customers; returns False, and tells nobody, when the
    milestone already was in that state (a conditional UPDATE decides, so two saves racing
    notify once)."""
    with transaction.atomic():
        now = timezone.now()
        changed = (
            Milestone.objects.filter(pk=milestone.pk)
            .exclude(state=state)
            .update(state=state, completed_at=now if state == Milestone.State.DONE else None)
        )
        milestone.state = state
        milestone.completed_at = now if state == Milestone.State.DONE else None
        if not changed:
            return False
        project = milestone.project
        _touch(project)
        if state == Milestone.State.DONE:
            progress = Project.objects.get(pk=project.pk).progress
            _notify_audience(
                project,
                kind=Notification.Kind.PROJECT_MILESTONE,
                event="project_milestone",
                params={"milestone": milestone.title, "progress": progress},
                link=f"{project.get_absolute_url()}#milestones",
            )
    return True


def project_status_set(*, project: Project, status: str) -> bool:
    """Set the project's status (Em produção, Finalizado) and tell its customers, all or
    nothing. Finishing a project without a delivery date records today as delivered.
    Returns False, and tells nobody, when the project already had that status."""
    with transaction.atomic():
        now = timezone.now()
        changed = (
            Project.objects.filter(pk=project.pk).exclude(status=status).update(status=status, updated_at=now)
        )
        project.status = status
        if changed:
            page_cache.touch(organizations=[project.organization_id])
            project.updated_at = now
            if status == Project.Status.FINISHED:
                delivered = Project.objects.filter(pk=project.pk, delivered_on__isnull=True).update(
                    delivered_on=timezone.localdate()
                )
                if delivered:
                    project.delivered_on = timezone.localdate()
            _notify_audience(
                project,
                kind=Notification.Kind.PROJECT_STATUS,
                event="project_status",
                params={"status": in_each_language(project.get_status_display)},
            )
    return bool(changed)


def _team_for(update: ProjectUpdate) -> list[User]:
    """Who hears about comments: the project's manager, else the update's author (active
    staff with an e-mail address)."""
    for person in (update.project.manager, update.author):
        if person is not None and person.is_staff and person.is_active and person.email:
            return [person]
    return []


def update_comment_post(
    *, update: ProjectUpdate, author: User, body: str, client_token: uuid.UUID | None = None
) -> UpdateComment:
    """A comment under an update of a project `author` sees, all or nothing.

    The team (the project's manager, or the update's author) is told by e-mail unless the
    comment is their own. The same `client_token` again (a double click) returns the first
    comment and writes nothing. Raises PermissionDenied when `author` does not see the project.
    """
    if not Project.objects.visible_to(author).filter(pk=update.project_id).exists():
        raise PermissionDenied("project not visible")
    if client_token and (
        existing := UpdateComment.objects.filter(author=author, client_token=client_token).first()
    ):
        return existing
    try:
        with transaction.atomic():
            comment = UpdateComment.objects.create(
                update=update, author=author, body=body, client_token=client_token
            )
            admin_url = settings.SITE_URL + reverse("admin:projects_updatecomment_change", args=[comment.pk])
            for member in _team_for(update):
                if member.pk == author.pk:
                    continue
                email_send(
                    to_email=member.email,
                    to_user=member,
                    template="projects/emails/team_new_comment",
                    context={
                        "comment": comment,
                        "update": update,
                        "project": update.project,
                        "project_url": settings.SITE_URL + update.get_absolute_url(),
                        "admin_url": admin_url,
                    },
                )
    except IntegrityError:
        # The same form raced itself: the other request wrote the comment.
        if existing := UpdateComment.objects.filter(author=author, client_token=client_token).first():
            return existing
        raise
    return comment


def update_comments_hide(*, comments, hidden: bool = True) -> int:
    """Hide (or show again) comments; returns how many changed."""
    changing = comments.exclude(hidden=hidden)
    page_cache.touch(organizations=set(changing.values_list("update__project__organization", flat=True)))
    return changing.update(hidden=hidden)
