from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.i18n import NameInEnglishMixin, name_en_field

RATING_MIN, RATING_MAX = 1, 5


TRENDING_DAYS = 30


class IdeaQuerySet(models.QuerySet):
    def published(self):
        """What customers see: published and not merged into another idea."""
        return self.filter(published=True, merged_into__isnull=True)

    def with_stats(self, user):
        """The user's own vote, rating and follow (the counts are kept on the idea), one query."""
        return self.annotate(
            my_vote=Exists(Vote.objects.filter(idea=OuterRef("pk"), user=user)),
            my_rating=Subquery(Rating.objects.filter(idea=OuterRef("pk"), user=user).values("score")[:1]),
            my_follow=Exists(Follow.objects.filter(idea=OuterRef("pk"), user=user)),
        )

    def with_recent_votes(self, since):
        """`recent_votes`: votes cast since `since` (one index range scan per idea on
        ideas_vote_recent_idx)."""
        recent = (
            Vote.objects.filter(idea=OuterRef("pk"), created_at__gte=since)
            .order_by()
            .values("idea")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return self.annotate(recent_votes=Coalesce(Subquery(recent), Value(0)))

    def sorted_by(self, sort: str, *, now=None):
        """'votes' (most voted), 'rating' (best rated), 'trending' (most votes in the last
        TRENDING_DAYS days) or anything else (newest first)."""
        newest = F("published_at").desc(nulls_last=True)
        if sort == "votes":
            return self.order_by("-vote_count", newest, "-pk")
        if sort == "rating":
            return self.order_by(F("rating_avg").desc(nulls_last=True), "-rating_count", newest, "-pk")
        if sort == "trending":
            since = (now or timezone.now()) - timedelta(days=TRENDING_DAYS)
            return self.with_recent_votes(since).order_by("-recent_votes", "-vote_count", newest, "-pk")
        return self.order_by(newest, "-pk")


class Category(NameInEnglishMixin, models.Model):
    """The system or area an idea is about (e.g. "Sistema de vendas"), to filter the list;
    shown by its `display_name` (the English name to a reader in English, when given)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_en = name_en_field()

    class Meta:
        ordering = ["name"]
        verbose_name = pgettext_lazy("ideas", "category")
        verbose_name_plural = pgettext_lazy("ideas", "categories")

    def __str__(self):
        return self.display_name


class Idea(models.Model):
    """An idea or improvement staff publish for customers to vote on and rate (Ideia)."""

    class Status(models.TextChoices):
        UNDER_REVIEW = "under_review", _("Under review")
        PLANNED = "planned", _("Planned")
        IN_DEVELOPMENT = "in_development", _("In development")
        DONE = "done", _("Done")
        WONT_DO = "wont_do", _("Won't do")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNDER_REVIEW, db_index=True
    )
    category = models.ForeignKey(
        Category,
        verbose_name=pgettext_lazy("ideas", "category"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
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
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_ideas",
        editable=False,
        help_text=_("A duplicate points to the idea its votes moved to; its page redirects there."),
    )
    # Kept by the services that write votes and ratings (same transaction, idea row locked),
    # so lists sort and show them without aggregating per request.
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    rating_avg = models.FloatField(_("average rating"), null=True, blank=True, editable=False)
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
            self.Status.WONT_DO: "secondary",
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
        indexes = [models.Index(fields=["idea", "created_at"], name="ideas_vote_recent_idx")]

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


class StatusChange(models.Model):
    """One change of an idea's situação, with the team's note: the history on the idea page
    (written by services.idea_status_set, which also tells the voters)."""

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="status_changes"
    )
    old_status = models.CharField(_("previous status"), max_length=20, choices=Idea.Status.choices)
    new_status = models.CharField(_("new status"), max_length=20, choices=Idea.Status.choices)
    note = models.TextField(_("note from the team"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.idea}: {self.get_old_status_display()} → {self.get_new_status_display()}"

    @property
    def status_tone(self) -> str:
        return Idea(status=self.new_status).status_tone


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(hidden=False)


class Comment(models.Model):
    """A comment on an idea by a customer or a team member (staff answers are highlighted)."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=5000)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden comments are not shown to customers.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The form's one-time token: a double click or a resent form adds one comment.
    client_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = pgettext_lazy("ideas", "comment")
        verbose_name_plural = pgettext_lazy("ideas", "comments")
        indexes = [models.Index(fields=["idea", "created_at"], name="ideas_comment_idea_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"],
                condition=models.Q(client_token__isnull=False),
                name="ideas_comment_once_per_token",
            )
        ]

    def __str__(self):
        return f"{self.author} → {self.idea}"

    @property
    def from_staff(self) -> bool:
        return self.author.is_staff


class Follow(models.Model):
    """A customer following an idea ("Acompanhar"): told about its new comments."""

    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="ideas_follow_one_per_user")]

    def __str__(self):
        return f"{self.user} → {self.idea}"
