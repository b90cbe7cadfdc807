from accounts.people import Person

from .models import Project, ProjectQuerySet


def project_list(*, user: Person) -> ProjectQuerySet:
    """Projects the user sees, with progress annotated (constant queries per page)."""
    # Meta.ordering is dropped by aggregation (GROUP BY), so order explicitly.
    return Project.objects.visible_to(user).with_progress().order_by("-updated_at", "-pk")


def latest_projects(*, user: Person, limit: int = 5) -> list[Project]:
    return list(project_list(user=user)[:limit])
