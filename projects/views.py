from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.services import notification_mark_read_for
from portal.attachments import attachment_response
from portal.page_cache import reader_page
from portal.pagination import paginate

from . import selectors, services
from .filters import ProjectFilter
from .forms import UpdateCommentForm
from .models import Project


@login_required
@reader_page
def project_list(request):
    """Meus projetos: search, status filter and order; cards on phones, a table on desktop."""
    project_filter = ProjectFilter(request.GET, queryset=selectors.project_list(user=request.user))
    page_obj = paginate(request, project_filter.qs, "projects")
    filtering = bool(request.GET.get("q") or request.GET.get("status"))
    return render(
        request,
        "projects/list.html",
        {"filter": project_filter, "page_obj": page_obj, "filtering": filtering},
    )


def _project_or_404(request, pk: int) -> Project:
    project = selectors.project_for_user(user=request.user, pk=pk)
    if project is None:
        raise Http404
    return project


def _render_detail(request, project: Project, *, comment_form=None, comment_update_id=None):
    page_obj = paginate(request, selectors.project_updates(project=project), "project_updates")
    for update in page_obj.object_list:
        # One form per update, with its own ids (the failed one keeps what was typed).
        if comment_form is not None and update.pk == comment_update_id:
            update.comment_form = comment_form
        else:
            update.comment_form = UpdateCommentForm(auto_id=f"id_comment_{update.pk}_%s")
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "milestones": list(project.milestones.all()),
            "page_obj": page_obj,
            "tickets": selectors.project_tickets(user=request.user, project=project),
            "comment_update_id": comment_update_id,
        },
        status=400 if comment_form is not None else 200,
    )


@login_required
@reader_page
def project_detail(request, pk: int):
    project = _project_or_404(request, pk)
    # Opening the project reads the bell's notifications about it (updates, milestones...).
    notification_mark_read_for(user=request.user, target=project)
    return _render_detail(request, project)


@login_required
@require_POST
def update_comment(request, pk: int, update_pk: int):
    """A comment under an update; the team is told by e-mail."""
    update = selectors.update_for_user(user=request.user, project_pk=pk, update_pk=update_pk)
    if update is None:
        raise Http404
    form = UpdateCommentForm(request.POST, auto_id=f"id_comment_{update.pk}_%s")
    if not form.is_valid():
        return _render_detail(
            request, _project_or_404(request, pk), comment_form=form, comment_update_id=update.pk
        )
    try:
        comment = services.update_comment_post(
            update=update,
            author=request.user,
            body=form.cleaned_data["body"],
            client_token=form.cleaned_data["client_token"],
        )
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(request, _("Your comment was posted."))
    return redirect(comment.get_absolute_url())


@login_required
def file_download(request, pk: int, file_pk: int, thumbnail: bool = False):
    """A file of an update (or our JPEG preview of it) for whoever sees the project."""
    update_file = selectors.file_for_user(user=request.user, project_pk=pk, file_pk=file_pk)
    if update_file is None:
        raise Http404
    return attachment_response(update_file, thumbnail=thumbnail)
