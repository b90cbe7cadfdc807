from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from notifications.markup import render_markdown
from portal.attachments import PrivateFile, delete_files_on_commit


def progress_percent(done_weight: int, total_weight: int, *, finished: bool = False) -> int:
    """Share of the milestones' weight that is concluded, 0-100 (rounded half up, so a bar
    never shows 100% before the last milestone is concluded). A project without milestones
    shows 0%, or 100% once finished."""
    if not total_weight:
        return 100 if finished else 0
    percent = (200 * done_weight + total_weight) // (2 * total_weight)
    return 99 if percent == 100 and done_weight < total_weight else percent


def _milestones_of_project():
    return Milestone.objects.filter(project=OuterRef("pk")).order_by().values("project")


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
        """Annotate the milestones' total and concluded weight, so `progress` needs no query
        per project (subqueries: no GROUP BY, combinable with other annotations)."""
        weights = _milestones_of_project().annotate(weight_sum=Sum("weight")).values("weight_sum")
        done = weights.filter(state=Milestone.State.DONE)
        return self.annotate(
            milestones_weight=Coalesce(Subquery(weights), 0),
            milestones_done_weight=Coalesce(Subquery(done), 0),
        )

    def with_overview(self):
        """What a list row shows besides progress: the next milestone (title and due date)
        and how many milestones are late today. One query for any number of projects."""
        today = timezone.localdate()
        pending = Milestone.objects.filter(project=OuterRef("pk")).exclude(state=Milestone.State.DONE)
        late = (
            pending.filter(due_date__lt=today)
            .order_by()
            .values("project")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.with_progress().annotate(
            next_milestone_title=Subquery(pending.order_by("position", "pk").values("title")[:1]),
            next_milestone_due=Subquery(pending.order_by("position", "pk").values("due_date")[:1]),
            late_milestones=Coalesce(Subquery(late), 0),
        )

    def search(self, text: str):
        """Projects whose name or description contains every word of `text`."""
        for word in text.split():
            self = self.filter(Q(name__icontains=word) | Q(description__icontains=word))
        return self


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
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_projects",
        limit_choices_to={"is_staff": True, "is_active": True},
        help_text=_("Receives customers' comments on updates by e-mail."),
    )
    expected_delivery = models.DateField(_("expected delivery"), null=True, blank=True)
    delivered_on = models.DateField(
        _("delivered on"),
        null=True,
        blank=True,
        help_text=_("Filled in when the project is marked as finished, if empty."),
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
        """Concluded share of the milestones' weight; uses `with_progress()` annotations
        when present."""
        if not hasattr(self, "milestones_weight"):
            weights = self.milestones.aggregate(
                total=Sum("weight", default=0),
                done=Sum("weight", filter=Q(state=Milestone.State.DONE), default=0),
            )
            self.milestones_weight, self.milestones_done_weight = weights["total"], weights["done"]
        return progress_percent(
            self.milestones_done_weight, self.milestones_weight, finished=self.is_finished
        )

    @property
    def is_delivery_late(self) -> bool:
        """The expected delivery date has passed and the project is not finished."""
        return bool(
            self.expected_delivery and not self.is_finished and self.expected_delivery < timezone.localdate()
        )

    def audience(self):
        """Active customers who see this project (and are notified about it)."""
        people = get_user_model().objects.customers().filter(organization_id=self.organization_id)
        if self.customers.exists():
            people = people.filter(projects=self)
        return people


class Milestone(models.Model):
    """A step of a project (Etapa); the concluded share of the weights drives the progress."""

    class State(models.TextChoices):
        TODO = "todo", pgettext_lazy("milestone state", "To do")
        IN_PROGRESS = "in_progress", pgettext_lazy("milestone state", "In progress")
        DONE = "done", pgettext_lazy("milestone state", "Concluded")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(
        pgettext_lazy("milestone", "state"), max_length=20, choices=State.choices, default=State.TODO
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Share of the project this milestone represents. All 1: every milestone counts the same."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    completed_at = models.DateTimeField(_("concluded at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gte=1), name="projects_milestone_weight_positive")
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.state == self.State.DONE

    @property
    def is_late(self) -> bool:
        """Due date passed (in the portal's time zone) and not concluded: shown as "atrasada"."""
        return bool(self.due_date and not self.is_done and self.due_date < timezone.localdate())

    @property
    def status_tone(self) -> str:
        """The colour of its state badge (includes/_status_badge.html)."""
        return {self.State.DONE: "success", self.State.IN_PROGRESS: "info"}.get(self.state, "secondary")


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
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("project update")
        verbose_name_plural = _("project updates")

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.project.get_absolute_url()}#update-{self.pk}"

    @property
    def body_html(self):
        """The text as sanitized HTML (Markdown rendered, then cleaned with nh3)."""
        return render_markdown(self.body)


class UpdateFile(PrivateFile):
    """A file staff attach to an update: stored and served exactly as ticket attachments
    (portal/attachments.py), to whoever sees the project."""

    upload_folder = "projects"

    update = models.ForeignKey(
        ProjectUpdate, verbose_name=_("project update"), on_delete=models.CASCADE, related_name="files"
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("update file")
        verbose_name_plural = _("update files")

    def get_absolute_url(self):
        return reverse("projects:file", args=[self.update.project_id, self.pk])

    def get_thumbnail_url(self):
        return reverse("projects:file_thumbnail", args=[self.update.project_id, self.pk])


@receiver(post_delete, sender=UpdateFile)
def _delete_update_files(sender, instance, **kwargs):
    delete_files_on_commit(instance)


class UpdateCommentQuerySet(models.QuerySet):
    def shown(self):
        """Comments customers see (staff may hide one)."""
        return self.filter(hidden=False)


class UpdateComment(models.Model):
    """A comment under an update, by a customer who sees the project (or staff)."""

    update = models.ForeignKey(
        ProjectUpdate, verbose_name=_("project update"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden comments are no longer shown to customers.")
    )
    # A second POST of the same form (a double click) finds the first comment.
    client_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = UpdateCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"],
                condition=Q(client_token__isnull=False),
                name="projects_comment_once_per_form",
            )
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.update.project.get_absolute_url()}#comment-{self.pk}"

    @property
    def by_staff(self) -> bool:
        return self.author.is_staff
