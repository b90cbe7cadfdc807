"""Base de conhecimento: categories (with one level of sections), articles with an optional
translation per language, tags, reader feedback, deflections and search analytics."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .markup import RenderedArticle, render_article

# Average silent reading speed used for "x min de leitura".
WORDS_PER_MINUTE = 200


class ArticleText:
    """What an article's text gives readers, in pt-BR (Article) or another language
    (ArticleTranslation): its rendered HTML with table of contents, and reading time."""

    body: str
    body_text: str

    @cached_property
    def rendered(self) -> RenderedArticle:
        return render_article(self.body)

    @property
    def reading_minutes(self) -> int:
        return max(1, round(len(self.body_text.split()) / WORDS_PER_MINUTE))


class CategoryQuerySet(models.QuerySet):
    def active(self):
        """Active categories whose parent (if any) is active too."""
        return self.filter(is_active=True).filter(Q(parent__isnull=True) | Q(parent__is_active=True))

    def top_level(self):
        return self.filter(parent__isnull=True)


class Category(models.Model):
    """A system or product (ERP Fiscal, Financeiro...) or a section inside one (one level)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections",
        limit_choices_to={"parent__isnull": True},
        help_text=_("Leave empty for a category; choose one to make this a section inside it."),
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    icon = models.SlugField(
        _("icon"),
        max_length=40,
        blank=True,
        help_text=_("A Bootstrap Icons name, e.g. “receipt”, “cash-coin”, “cart3”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    def get_absolute_url(self):
        return reverse("kb:category", args=[self.slug])

    def clean(self):
        if self.parent_id:
            if self.parent_id == self.pk:
                raise ValidationError({"parent": _("A category cannot be inside itself.")})
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Sections cannot have sections of their own.")})
            if self.pk and self.sections.exists():
                raise ValidationError({"parent": _("This category has sections, so it cannot be a section.")})

    @property
    def top(self) -> "Category":
        return self.parent if self.parent_id else self


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("address"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_audience(self, user):
        """Articles whose audience includes `user` (whatever their status)."""
        if user.is_authenticated and user.is_active and user.is_staff:
            return self
        audience = Q(visibility=Article.Visibility.PUBLIC)
        if user.is_authenticated and user.is_active:
            audience |= Q(visibility=Article.Visibility.CUSTOMERS)
            if user.organization_id:
                chosen = Article.companies.through.objects.filter(
                    article=OuterRef("pk"), organization_id=user.organization_id
                )
                audience |= Q(Exists(chosen), visibility=Article.Visibility.COMPANIES)
        return self.filter(audience)

    def visible_to(self, user):
        """The one place that decides which articles a person may find and read: published,
        in an active category, and meant for them. Everything else is a 404."""
        return (
            self.published()
            .for_audience(user)
            .filter(category__is_active=True)
            .filter(Q(category__parent__isnull=True) | Q(category__parent__is_active=True))
        )

    def readable_by(self, user):
        """What the article page may show: what `visible_to` allows, and for staff also drafts
        and archived articles (the admin's "view on site" preview)."""
        if user.is_authenticated and user.is_active and user.is_staff:
            return self
        return self.visible_to(user)


class Article(ArticleText, models.Model):
    """A knowledge-base article (Artigo). The main text is pt-BR; other languages live in
    ArticleTranslation."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("article status", "Draft")
        PUBLISHED = "published", pgettext_lazy("article status", "Published")
        ARCHIVED = "archived", pgettext_lazy("article status", "Archived")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Everyone (public)")
        CUSTOMERS = "customers", _("Signed-in customers")
        COMPANIES = "companies", _("Chosen companies only")

    category = models.ForeignKey(
        Category, verbose_name=_("category or section"), on_delete=models.PROTECT, related_name="articles"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("Shown in lists and search engines.")
    )
    body = models.TextField(_("text (Markdown)"))
    # Plain text of `body`, kept by the service that saves articles: search snippets and reading time.
    body_text = models.TextField(editable=False, blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    visibility = models.CharField(
        _("who can read it"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    companies = models.ManyToManyField(
        "accounts.Organization",
        verbose_name=_("companies"),
        blank=True,
        related_name="kb_articles",
        help_text=_("Only for “chosen companies only”."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position inside its section (then by title).")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"is_staff": True},
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now, db_index=True)
    views = models.PositiveIntegerField(_("views"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["views", "body_text"])

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("kb:article", args=[self.slug])

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()

    @property
    def is_live(self) -> bool:
        """Published and its publication time has come."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_public(self) -> bool:
        return self.is_live and self.visibility == self.Visibility.PUBLIC


class ArticleTranslation(ArticleText, models.Model):
    """The article's text in another language than pt-BR."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE],
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text (Markdown)"))
    body_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    history = HistoricalRecords(excluded_fields=["body_text"])

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(fields=["article", "language"], name="kb_translation_once_per_language")
        ]

    def __str__(self):
        return f"{self.article} ({self.get_language_display()})"


def article_image_path(instance, filename):
    return timezone.now().strftime(f"kb/%Y/%m/{uuid.uuid4().hex}.jpg")


class ArticleImage(models.Model):
    """An image staff upload for an article: verified and re-encoded by Pillow on upload."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="images"
    )
    image = models.ImageField(_("image"), upload_to=article_image_path, max_length=255)
    alt = models.CharField(
        _("description (alt text)"), max_length=200, help_text=_("What the image shows, for screen readers.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt

    @property
    def markdown(self) -> str:
        return f"![{self.alt}]({self.image.url})" if self.image else ""


class Feedback(models.Model):
    """ "Isso ajudou?": one answer per reader per article (the user, or the session of a
    visitor), which they may change."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    session_key = models.CharField(max_length=40, blank=True, editable=False)
    helpful = models.BooleanField(_("helpful"))
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], condition=Q(user__isnull=False), name="kb_feedback_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["article", "session_key"],
                condition=Q(user__isnull=True),
                name="kb_feedback_once_per_session",
            ),
        ]

    def __str__(self):
        return f"{self.article}: {'+' if self.helpful else '-'}"


class Deflection(models.Model):
    """A chamado that was not opened: the customer said a suggested article solved it."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="deflections"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="+"
    )
    query = models.CharField(_("what they were typing"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ticket avoided")
        verbose_name_plural = _("tickets avoided")

    def __str__(self):
        return f"{self.article} ({self.created_at:%Y-%m-%d})"


class SearchTerm(models.Model):
    """What readers search for, in aggregate (no one's identity): which article to write next."""

    query = models.CharField(_("search"), max_length=100, unique=True)
    count = models.PositiveIntegerField(_("times searched"), default=0)
    results = models.PositiveIntegerField(_("results (last time)"), default=0, db_index=True)
    first_seen = models.DateTimeField(_("first searched"), default=timezone.now)
    last_seen = models.DateTimeField(_("last searched"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-count", "query"]
        verbose_name = _("search")
        verbose_name_plural = _("searches")

    def __str__(self):
        return self.query
