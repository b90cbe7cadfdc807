from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from notifications.services import notification_mark_read_for

from . import selectors
from .filters import ProjectFilter


@login_required
def project_list(request):
    project_filter = ProjectFilter(request.GET, queryset=selectors.project_list(user=request.user))
    page_obj = Paginator(project_filter.qs, settings.PAGE_SIZES["projects"]).get_page(request.GET.get("page"))
    return render(request, "projects/list.html", {"filter": project_filter, "page_obj": page_obj})


@login_required
def project_detail(request, pk):
    project = get_object_or_404(selectors.project_list(user=request.user), pk=pk)
    notification_mark_read_for(user=request.user, target=project)
    updates = project.updates.select_related("author")
    return render(
        request,
        "projects/detail.html",
        {
            "project": project,
            "milestones": project.milestones.all(),
            "page_obj": Paginator(updates, settings.PAGE_SIZES["project_updates"]).get_page(
                request.GET.get("page")
            ),
        },
    )
