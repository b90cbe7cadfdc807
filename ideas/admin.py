from django.contrib import admin
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Idea
from .services import idea_publish


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "published",
        "votes_display",
        "rating_display",
        "suggested_by",
        "published_at",
    ]
    list_filter = ["published", "status", ("suggested_by", admin.EmptyFieldListFilter)]
    list_editable = ["status", "published"]
    list_select_related = ["suggested_by"]
    search_fields = ["title", "description"]
    readonly_fields = ["suggested_by", "published_at", "created_at", "updated_at"]
    fields = ["title", "description", "status", "published", *readonly_fields]
    actions = ["publish", "unpublish"]

    def save_model(self, request, obj, form, change):
        # Publishing (the checkbox, here or in the list) goes through the service.
        publish = obj.published and (not change or "published" in form.changed_data)
        if publish:
            obj.published = False
        super().save_model(request, obj, form, change)
        if publish:
            idea_publish(idea=obj)

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=_("votes"), ordering="vote_count")
    def votes_display(self, obj):
        return obj.vote_count

    @admin.display(description=_("average rating"), ordering="rating_avg")
    def rating_display(self, obj):
        return "-" if obj.rating_avg is None else formats.number_format(obj.rating_avg, 1)

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
        self.message_user(
            request,
            ngettext("%(count)d idea unpublished.", "%(count)d ideas unpublished.", count) % {"count": count},
        )
