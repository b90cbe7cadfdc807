from collections import defaultdict
from collections.abc import Callable

from django.db import transaction
from django.template.defaultfilters import truncatechars
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from notifications.models import Notification
from notifications.outbox import recipient_language
from notifications.services import notify

from .models import Project, ProjectUpdate


def _notify_audience(project: Project, *, title: Callable[[], str], body: str = "") -> int:
    """Notify the project's customers, each group in its own language (titles are stored text)."""
    by_language: dict[str, list[User]] = defaultdict(list)
    for user in project.audience():
        by_language[recipient_language(user.language)].append(user)
    sent = 0
    for language, users in by_language.items():
        with translation.override(language):
            sent += notify(
                users,
                title=title(),
                body=body,
                link=project.get_absolute_url(),
                kind=Notification.Kind.PROJECT,
            )
    return sent


def project_update_post(*, project: Project, author: User | None, body: str) -> ProjectUpdate:
    """Add an update to the project's timeline and notify its customers, all or nothing.

    Each customer who sees the project gets an in-portal notification linking to it (and an
    e-mail if they opted in).
    """
    with transaction.atomic():
        update = ProjectUpdate.objects.create(project=project, author=author, body=body)
        project.save(update_fields=["updated_at"])  # "Última alteração" and list order follow news
        _notify_audience(
            project,
            title=lambda: _("New update on the project “%(name)s”") % {"name": project.name},
            body=truncatechars(body, 300),
        )
    return update


def project_status_set(*, project: Project, status: str) -> bool:
    """Set the project's status (Em produção, Finalizado) and tell its customers, all or
    nothing. Returns False, and tells nobody, when the project already had that status."""
    with transaction.atomic():
        changed = (
            Project.objects.filter(pk=project.pk)
            .exclude(status=status)
            .update(status=status, updated_at=timezone.now())
        )
        project.status = status
        if changed:
            _notify_audience(
                project,
                title=lambda: (
                    _("The project “%(name)s” is now: %(status)s")
                    % {"name": project.name, "status": project.get_status_display()}
                ),
            )
    return bool(changed)
