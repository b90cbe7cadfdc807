from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from portal.images import TooManyPixels, UnsafeImage, reencode_as_jpeg

from . import services
from .markup import render_article
from .models import Article, ArticleImage, ArticleTranslation, Category, Deflection, SearchTerm, Tag

IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
IMAGE_MAX_BYTES = 8 * 1024 * 1024
IMAGE_SIZE = (1600, 1600)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order", "is_active"]
    list_editable = ["order", "is_active"]
    list_filter = ["is_active", ("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class TranslationInline(admin.StackedInline):
    model = ArticleTranslation
    extra = 0
    fields = ["language", "title", "summary", "body"]


class ArticleImageForm(forms.ModelForm):
    """Images are decoded by Pillow (only the allowed formats), checked for bombs and
    re-encoded without metadata before they are stored, like customers' photos."""

    class Meta:
        model = ArticleImage
        fields = ["image", "alt"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged
        if upload.size > IMAGE_MAX_BYTES:
            raise forms.ValidationError(_("The image is larger than 8 MB."))
        try:
            data = reencode_as_jpeg(upload.read(), formats=IMAGE_FORMATS, size=IMAGE_SIZE, quality=88)
        except TooManyPixels as exc:
            raise forms.ValidationError(
                _("The image is too large (%(size)s pixels).") % {"size": exc}
            ) from exc
        except UnsafeImage as exc:
            raise forms.ValidationError(_("This file is not a PNG, JPEG, WebP or GIF image.")) from exc
        return ContentFile(data, name="image.jpg")


class ImageInline(admin.TabularInline):
    model = ArticleImage
    form = ArticleImageForm
    extra = 0
    fields = ["image", "alt", "markdown_snippet"]
    readonly_fields = ["markdown_snippet"]

    @admin.display(description=_("Paste in the text"))
    def markdown_snippet(self, obj):
        return obj.markdown if obj and obj.pk else "-"


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    change_form_template = "kb/admin/article_change_form.html"
    list_display = [
        "title",
        "category",
        "status",
        "visibility",
        "views",
        "helpful_ratio",
        "comment_count",
        "deflection_count",
        "updated_at",
        "reviewed_at",
    ]
    list_filter = ["status", "visibility", "category"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags", "companies"]
    inlines = [TranslationInline, ImageInline]
    actions = ["publish", "mark_reviewed"]
    readonly_fields = ["views", "helpful_ratio", "comment_count", "deflection_count", "recent_comments"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "summary", "body", "tags"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "reviewed_at", "author", "order"]},
        ),
        (_("Who can read it"), {"fields": ["visibility", "companies"]}),
        (
            _("Readers"),
            {"fields": ["views", "helpful_ratio", "comment_count", "deflection_count", "recent_comments"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("category", "category__parent")
            .annotate(
                yes_count=Count("feedback", filter=Q(feedback__helpful=True), distinct=True),
                answer_count=Count("feedback", distinct=True),
                comments=Count("feedback", filter=~Q(feedback__comment=""), distinct=True),
                deflections_total=Count("deflections", distinct=True),
            )
        )

    @admin.display(description=_("helpful"), ordering="yes_count")
    def helpful_ratio(self, obj):
        if not getattr(obj, "answer_count", 0):
            return "-"
        return f"{round(100 * obj.yes_count / obj.answer_count)}% ({obj.yes_count}/{obj.answer_count})"

    @admin.display(description=_("comments"), ordering="comments")
    def comment_count(self, obj):
        return getattr(obj, "comments", 0)

    @admin.display(description=_("tickets avoided"), ordering="deflections_total")
    def deflection_count(self, obj):
        return getattr(obj, "deflections_total", 0)

    @admin.display(description=_("latest “No” comments"))
    def recent_comments(self, obj):
        if not obj or not obj.pk:
            return "-"
        comments = obj.feedback.exclude(comment="").order_by("-updated_at")[:10]
        lines = [f"{timezone.localtime(f.updated_at):%d/%m/%Y %H:%M}: {f.comment}" for f in comments]
        return "\n\n".join(lines) or "-"

    def save_model(self, request, obj, form, change):
        if not obj.author_id:
            obj.author = request.user
        if form.changed_data or not change:
            obj.updated_at = timezone.now()
        if obj.status == Article.Status.PUBLISHED and not obj.published_at:
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.article_refresh(article=form.instance)

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        with transaction.atomic():
            published = sum(services.article_publish(article=article) for article in queryset)
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", published)
            % {"count": published},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark the selected articles as reviewed today"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = 0
        with transaction.atomic():
            for article in queryset:
                services.article_mark_reviewed(article=article)
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d article marked as reviewed.", "%(count)d articles marked as reviewed.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="kb_article_preview"), *super().get_urls()]

    def preview_view(self, request):
        """The text as readers will see it, rendered by the server from the unsaved form."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        body = request.POST.get("body", "")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview"),
            "article_title": request.POST.get("title", ""),
            "rendered": render_article(body),
        }
        return TemplateResponse(request, "kb/admin/preview.html", context)


@admin.register(Deflection)
class DeflectionAdmin(admin.ModelAdmin):
    """Tickets avoided: the changelist's count is the total."""

    list_display = ["article", "user", "query", "created_at"]
    list_filter = ["created_at", "article__category"]
    search_fields = ["article__title", "query", "user__email"]
    list_select_related = ["article", "user"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResultsFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "results"

    def lookups(self, request, model_admin):
        return [("none", _("Searches without results")), ("some", _("With results"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(results=0)
        if self.value() == "some":
            return queryset.filter(results__gt=0)
        return queryset


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    """What readers search for ("mais buscadas"), and what they do not find ("buscas sem
    resultado"): which article to write next."""

    list_display = ["query", "count", "results", "last_seen", "first_seen"]
    list_filter = [ResultsFilter, "last_seen"]
    search_fields = ["query"]
    ordering = ["-count", "query"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
