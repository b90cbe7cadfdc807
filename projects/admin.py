from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from portal.attachments import AttachmentStorageError
from portal.forms import MultipleFileField, files_help_text

from .models import Milestone, Project, ProjectUpdate, UpdateComment
from .services import milestone_set_state, project_status_set, project_update_post, update_comments_hide


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "organization",
            "name",
            "description",
            "status",
            "manager",
            "expected_delivery",
            "delivered_on",
            "customers",
        ]

    def clean(self):
        cleaned = super().clean()
        organization = cleaned.get("organization")
        customers = cleaned.get("customers") or []
        outsiders = [
            str(user) for user in customers if organization and user.organization_id != organization.pk
        ]
        if outsiders:
            self.add_error(
                "customers",
                _("These customers are not from the project's company: %(names)s")
                % {"names": ", ".join(outsiders)},
            )
        return cleaned


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ["position", "title", "state", "due_date", "weight", "completed_at"]
    readonly_fields = ["completed_at"]
    extra = 1


def _file_links(update: ProjectUpdate):
    return format_html_join(
        ", ", '<a href="{}">{}</a>', ((file.get_absolute_url(), file.name) for file in update.files.all())
    )


class ProjectUpdateInlineForm(forms.ModelForm):
    attachments = MultipleFileField(label=_("Files"))

    class Meta:
        model = ProjectUpdate
        fields = ["body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachments"].help_text = files_help_text()


class ProjectUpdateInline(admin.StackedInline):
    model = ProjectUpdate
    form = ProjectUpdateInlineForm
    fields = ["body", "attachments", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author").prefetch_related("files")

    def has_change_permission(self, request, obj=None):
        # What customers were told stays as told: updates are added (or removed), not edited.
        return False

    @admin.display(description=_("Files"))
    def attachments(self, obj):
        return _file_links(obj) or "-"


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    form = ProjectAdminForm
    list_display = ["name", "organization", "status", "progress_display", "expected_delivery", "updated_at"]
    list_filter = ["status", "organization", "manager"]
    list_select_related = ["organization"]
    search_fields = ["name", "description", "organization__name"]
    autocomplete_fields = ["organization", "customers"]
    inlines = [MilestoneInline, ProjectUpdateInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    @admin.display(description=_("progress"))
    def progress_display(self, obj):
        return f"{obj.progress}%"

    def save_formset(self, request, form, formset, change):
        if formset.model is ProjectUpdate:
            return self._save_updates(request, form, formset)
        if formset.model is Milestone:
            return self._save_milestones(formset)
        return super().save_formset(request, form, formset, change)

    def _save_milestones(self, formset):
        # A new state goes through the service (concluding notifies the customers once).
        new_states = {}
        for milestone_form in formset.forms:
            if "state" in milestone_form.changed_data and milestone_form.instance.title:
                milestone = milestone_form.instance
                new_states[milestone] = milestone.state
                milestone.state = milestone_form.initial.get("state", Milestone.State.TODO)
        formset.save()
        for milestone, state in new_states.items():
            if milestone.pk:
                milestone_set_state(milestone=milestone, state=state)

    def _save_updates(self, request, form, formset):
        for update_form in formset.forms:
            if update_form.instance.pk or not update_form.has_changed():
                continue
            if not update_form.cleaned_data or formset._should_delete_form(update_form):
                continue
            try:
                project_update_post(
                    project=form.instance,
                    author=request.user,
                    body=update_form.cleaned_data["body"],
                    files=update_form.cleaned_data["attachments"],
                )
            except AttachmentStorageError:
                messages.error(
                    request, _("The files could not be stored: the update was not posted. Please send again.")
                )
        formset.save(commit=False)
        for update in formset.deleted_objects:
            update.delete()

    def save_model(self, request, obj, form, change):
        # A new status goes through the service (after the customers list is saved, in
        # save_related, so the right people hear about it).
        # (Kept on the form: this ModelAdmin instance is shared by every request.)
        form.new_status = None
        if change and "status" in form.changed_data:
            form.new_status, obj.status = obj.status, form.initial["status"]
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if getattr(form, "new_status", None):
            project_status_set(project=form.instance, status=form.new_status)


class UpdateCommentInline(admin.TabularInline):
    model = UpdateComment
    fields = ["author", "body", "created_at", "hidden"]
    readonly_fields = ["author", "body", "created_at"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(admin.ModelAdmin):
    """Updates with their files and comments: where staff hide a comment."""

    list_display = ["__str__", "project", "author", "created_at"]
    list_filter = ["project__organization"]
    list_select_related = ["project", "author"]
    search_fields = ["body", "project__name"]
    fields = ["project_link", "body", "files_display", "author", "created_at"]
    readonly_fields = fields
    inlines = [UpdateCommentInline]

    def has_add_permission(self, request):
        # Posted from the project's page, through the service that notifies its customers.
        return False

    @admin.display(description=_("project"))
    def project_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:projects_project_change", args=[obj.project_id]),
            obj.project,
        )

    @admin.display(description=_("Files"))
    def files_display(self, obj):
        return _file_links(obj) or "-"


@admin.register(UpdateComment)
class UpdateCommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "project", "created_at", "hidden"]
    list_filter = ["hidden", "update__project__organization"]
    list_select_related = ["author", "update__project"]
    search_fields = ["body", "author__username", "author__email", "update__project__name"]
    fields = ["update", "author", "body", "created_at", "hidden"]
    readonly_fields = ["update", "author", "body", "created_at"]
    actions = ["hide", "show"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("project"))
    def project(self, obj):
        return obj.update.project

    @admin.action(description=_("Hide the selected comments from customers"))
    def hide(self, request, queryset):
        count = update_comments_hide(comments=queryset, hidden=True)
        self.message_user(
            request,
            ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", count) % {"count": count},
        )

    @admin.action(description=_("Show the selected comments again"))
    def show(self, request, queryset):
        count = update_comments_hide(comments=queryset, hidden=False)
        self.message_user(
            request,
            ngettext("%(count)d comment shown.", "%(count)d comments shown.", count) % {"count": count},
        )
