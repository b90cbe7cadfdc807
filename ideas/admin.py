from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from portal import page_cache

from .models import Category, Comment, Idea, StatusChange, Vote
from .services import idea_comment_hide, idea_merge, idea_publish, idea_status_set


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en"]
    search_fields = ["name", "name_en"]


class IdeaAdminForm(forms.ModelForm):
    status_note = forms.CharField(
        label=_("Note on the status change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the idea's voters with the new status and shown in its history."),
    )

    class Meta:
        model = Idea
        fields = ["title", "description", "category", "status", "published"]


class IdeaActionForm(ActionForm):
    merge_target = forms.IntegerField(
        label=_("Target idea (number) for “merge”"), required=False, min_value=1
    )


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "old_status", "new_status", "note", "changed_by"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False  # a change of situação goes through the status field (and its service)


class CommentInline(admin.TabularInline):
    model = Comment
    extra = 0
    fields = ["created_at", "author", "body", "hidden"]
    readonly_fields = ["created_at", "author", "body"]
    list_select_related = ["author"]

    def has_add_permission(self, request, obj=None):
        return False  # the team answers from the idea's page, as a customer sees it

    def has_delete_permission(self, request, obj=None):
        return False  # hide instead: the thread keeps its shape


def _company_count():
    per_idea = (
        Vote.objects.filter(idea=OuterRef("pk"))
        .order_by()
        .values("idea")
        .annotate(n=Count("user__organization", distinct=True))
        .values("n")[:1]
    )
    return Coalesce(Subquery(per_idea), Value(0))


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    form = IdeaAdminForm
    action_form = IdeaActionForm
    list_display = [
        "id",
        "title",
        "status",
        "category",
        "published",
        "vote_count",
        "companies_display",
        "rating_display",
        "suggested_by",
        "merged_into",
        "published_at",
    ]
    list_display_links = ["id", "title"]
    list_filter = [
        "published",
        "status",
        "category",
        ("suggested_by", admin.EmptyFieldListFilter),
        ("merged_into", admin.EmptyFieldListFilter),
    ]
    list_editable = ["published"]
    list_select_related = ["suggested_by", "category", "merged_into"]
    search_fields = ["title", "description"]
    readonly_fields = [
        "vote_count",
        "rating_display",
        "companies_detail",
        "suggested_by",
        "merged_into",
        "published_at",
        "created_at",
        "updated_at",
    ]
    fields = ["title", "description", "category", "status", "status_note", "published", *readonly_fields]
    inlines = [StatusChangeInline, CommentInline]
    actions = ["publish", "unpublish", "merge"]

    def save_model(self, request, obj, form, change):
        # Publishing and a change of situação go through the services (which notify).
        publish = obj.published and (not change or "published" in form.changed_data)
        if publish:
            obj.published = False
        new_status = obj.status if change and "status" in form.changed_data else None
        if new_status is not None:
            obj.status = form.initial["status"]
        super().save_model(request, obj, form, change)
        if new_status is not None:
            idea_status_set(
                idea=obj, status=new_status, note=form.cleaned_data["status_note"], by=request.user
            )
        if publish:
            idea_publish(idea=obj)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(company_count=_company_count())

    @admin.display(description=_("companies"), ordering="company_count")
    def companies_display(self, obj):
        return obj.company_count

    @admin.display(description=_("average rating"), ordering="rating_avg")
    def rating_display(self, obj):
        if obj.rating_avg is None:
            return "-"
        return f"{formats.number_format(obj.rating_avg, 1)} ({obj.rating_count})"

    @admin.display(description=_("companies behind the votes"))
    def companies_detail(self, obj):
        rows = (
            Vote.objects.filter(idea=obj)
            .values("user__organization__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "user__organization__name")
        )
        if not rows:
            return "-"
        no_company = pgettext_lazy("ideas", "(no company)")
        return format_html_join(
            "",
            "<div>{} — {}</div>",
            (
                (
                    row["user__organization__name"] or no_company,
                    ngettext("%(count)d vote", "%(count)d votes", row["n"]) % {"count": row["n"]},
                )
                for row in rows
            ),
        )

    @admin.action(description=_("Publish the selected ideas"))
    def publish(self, request, queryset):
        ideas = list(queryset.filter(published=False))
        with transaction.atomic():  # all of them or none
            for idea in ideas:
                idea_publish(idea=idea)
        self.message_user(
            request,
            ngettext("%(count)d idea published.", "%(count)d ideas published.", len(ideas))
            % {"count": len(ideas)},
        )

    @admin.action(description=_("Unpublish the selected ideas"))
    def unpublish(self, request, queryset):
        count = queryset.update(published=False)
        page_cache.touch(everyone=True)
        self.message_user(
            request,
            ngettext("%(count)d idea unpublished.", "%(count)d ideas unpublished.", count) % {"count": count},
        )

    @admin.action(description=_("Merge the selected ideas into the target idea"))
    def merge(self, request, queryset):
        try:  # the admin validated the action form already; this reads its extra field
            target_pk = IdeaActionForm.base_fields["merge_target"].clean(request.POST.get("merge_target"))
        except forms.ValidationError:
            target_pk = None
        target = Idea.objects.filter(pk=target_pk).first() if target_pk else None
        if target is None:
            self.message_user(request, _("Give the number of the idea to merge into."), messages.ERROR)
            return
        duplicates = list(queryset.exclude(pk=target.pk))
        try:
            with transaction.atomic():  # all of them or none
                for duplicate in duplicates:
                    idea_merge(duplicate=duplicate, target=target, by=request.user)
        except ValueError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d idea merged into “%(target)s”.",
                "%(count)d ideas merged into “%(target)s”.",
                len(duplicates),
            )
            % {"count": len(duplicates), "target": target.title},
        )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["idea", "author", "created_at", "hidden"]
    list_filter = ["hidden", "created_at"]
    list_select_related = ["idea", "author"]
    search_fields = ["body", "idea__title", "author__username"]
    readonly_fields = ["idea", "author", "body", "created_at", "hidden"]
    actions = ["hide", "show"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Hide the selected comments"))
    def hide(self, request, queryset):
        count = sum(idea_comment_hide(comment=c, hidden=True) for c in queryset)
        self.message_user(
            request,
            ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", count) % {"count": count},
        )

    @admin.action(description=_("Show the selected comments again"))
    def show(self, request, queryset):
        count = sum(idea_comment_hide(comment=c, hidden=False) for c in queryset)
        self.message_user(
            request,
            ngettext("%(count)d comment shown.", "%(count)d comments shown.", count) % {"count": count},
        )
