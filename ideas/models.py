from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RATING_MIN, RATING_MAX = 1, 5


def _per_idea(queryset, aggregate):
    """A correlated subquery: one aggregate per idea, without joining votes to ratings."""
    return Subquery(
        queryset.filter(idea=OuterRef("pk")).order_by().values("idea").annotate(v=aggregate).values("v")[:1]
    )


class IdeaQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def with_counts(self):
        """Vote count and rating average/count, each a subquery (no row multiplication)."""
        return self.annotate(
            vote_count=Coalesce(_per_idea(Vote.objects, Count("pk")), Value(0)),
            rating_count=Coalesce(_per_idea(Rating.objects, Count("pk")), Value(0)),
            rating_avg=_per_idea(Rating.objects, Avg("score")),
        )

    def with_stats(self, user):
        """`with_counts()` plus the user's own vote and rating, still one query."""
        return self.with_counts().annotate(
            my_vote=Exists(Vote.objects.filter(idea=OuterRef("pk"), user=user)),
            my_rating=Subquery(Rating.objects.filter(idea=OuterRef("pk"), user=user).values("score")[:1]),
        )

    def sorted_by(self, sort: str):
        """'votes' (most voted), 'rating' (best rated) or anything else (newest first)."""
        if sort == "votes":
            return self.order_by("-vote_count", F("published_at").desc(nulls_last=True), "-pk")
        if sort == "rating":
            return self.order_by(
                F("rating_avg").desc(nulls_last=True),
                "-rating_count",
                F("published_at").desc(nulls_last=True),
            )
        return self.order_by(F("published_at").desc(nulls_last=True), "-pk")


class Idea(models.Model):
    """An idea or improvement staff publish for customers to vote on and rate (Ideia)."""

    class Status(models.TextChoices):
        UNDER_REVIEW = "under_review", _("Under review")
        PLANNED = "planned", _("Planned")
        IN_DEVELOPMENT = "in_development", _("In development")
        DONE = "done", _("Done")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNDER_REVIEW, db_index=True
    )
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Only published ideas are shown to customers.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suggested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(pgettext_lazy("idea", "created at"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("idea", "updated at"), auto_now=True)

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:detail", args=[self.pk])

    @property
    def status_tone(self) -> str:
        """The colour of its status badge (includes/_status_badge.html)."""
        return {
            self.Status.PLANNED: "info",
            self.Status.IN_DEVELOPMENT: "warning",
            self.Status.DONE: "success",
        }.get(self.status, "light")


class Vote(models.Model):
    """A customer's vote for an idea (Voto): at most one per customer per idea."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="ideas_vote_one_per_user")]

    def __str__(self):
        return f"{self.user} → {self.idea}"


class Rating(models.Model):
    """A customer's 1-5 rating of an idea (Avaliação): one per customer per idea, changeable."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="ratings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    updated_at = models.DateTimeField(pgettext_lazy("rating", "updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["idea", "user"], name="ideas_rating_one_per_user"),
            models.CheckConstraint(
                condition=models.Q(score__gte=RATING_MIN, score__lte=RATING_MAX), name="ideas_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.idea}: {self.score}"
