from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Milestone, Project, ProjectUpdate
from .services import project_status_set, project_update_post


class ProjectAdminForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["organization", "name", "description", "status", "customers"]

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
    fields = ["position", "title", "due_date", "done"]
    extra = 1


class ProjectUpdateInline(admin.StackedInline):
    model = ProjectUpdate
    fields = ["body", "author", "created_at"]
    readonly_fields = ["author", "created_at"]
    extra = 1

    def has_change_permission(self, request, obj=None):
        # What customers were told stays as told: updates are added (or removed), not edited.
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    form = ProjectAdminForm
    list_display = ["name", "organization", "status", "progress_display", "updated_at"]
    list_filter = ["status", "organization"]
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
        if formset.model is not ProjectUpdate:
            return super().save_formset(request, form, formset, change)
        # New updates go through the service, which notifies the project's customers.
        for update in formset.save(commit=False):
            project_update_post(project=form.instance, author=request.user, body=update.body)
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
