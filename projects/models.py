from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def progress_percent(done: int, total: int, *, finished: bool = False) -> int:
    """Share of milestones done, 0-100. A finished project without milestones is 100%."""
    if not total:
        return 100 if finished else 0
    return round(100 * done / total)


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one place that decides who sees a project.

        Staff see every project. A customer sees the projects of their own company: all of
        them when a project lists no specific customers, otherwise only those listing them.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        if user.organization_id is None:
            return self.none()
        through = Project.customers.through.objects.filter(project=OuterRef("pk"))
        return self.filter(organization_id=user.organization_id).filter(
            ~Exists(through) | Exists(through.filter(user=user))
        )

    def with_progress(self):
        """Annotate milestone counts so `progress` needs no query per project."""
        return self.annotate(
            milestones_total=Count("milestones"),
            milestones_done=Count("milestones", filter=Q(milestones__done=True)),
        )


class Project(models.Model):
    """Work our development team does for a customer's company (Projeto)."""

    class Status(models.TextChoices):
        IN_PRODUCTION = "in_production", _("In production")
        FINISHED = "finished", _("Finished")

    organization = models.ForeignKey(
        "accounts.Organization",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    customers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customers"),
        blank=True,
        related_name="projects",
        help_text=_(
            "Leave empty to show the project to every customer of the company; "
            "otherwise only the customers listed see it and are notified."
        ),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PRODUCTION, db_index=True
    )
    created_at = models.DateTimeField(pgettext_lazy("project", "created at"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("project", "updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        """The colour of its status badge (includes/_status_badge.html)."""
        return "success" if self.is_finished else "primary"

    @property
    def is_finished(self) -> bool:
        return self.status == self.Status.FINISHED

    @property
    def progress(self) -> int:
        """Percentage of milestones done; uses `with_progress()` annotations when present."""
        if not hasattr(self, "milestones_total"):
            counts = self.milestones.aggregate(total=Count("pk"), done=Count("pk", filter=Q(done=True)))
            self.milestones_total, self.milestones_done = counts["total"], counts["done"]
        return progress_percent(self.milestones_done, self.milestones_total, finished=self.is_finished)

    def audience(self):
        """Active customers who see this project (and are notified about it)."""
        people = get_user_model().objects.customers().filter(organization_id=self.organization_id)
        if self.customers.exists():
            people = people.filter(projects=self)
        return people


class Milestone(models.Model):
    """A step of a project (Etapa); the share done drives the progress bar."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ProjectUpdate(models.Model):
    """A post on a project's timeline, written by staff (Atualização)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")

    def __str__(self):
        return self.body[:60]
