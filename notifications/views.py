from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from portal.http import redirect_back
from portal.page_cache import reader_page
from portal.pagination import paginate

from . import services
from .models import Notification
from .selectors import notifications_for

STATUSES = ("unread", "read")
# The timeline's sections (`?tipo=`): notification kinds are named after what they are about
# (ticket..., project_update, idea_status...), so a section is a kind prefix.
ACTIVITY_SECTIONS = [
    ("chamados", gettext_lazy("Tickets"), "ticket"),
    ("projetos", gettext_lazy("Projects"), "project"),
    ("ideias", gettext_lazy("Ideas"), "idea"),
    ("avisos", gettext_lazy("Team notices"), "announcement"),
]


def _own(request, pk: int) -> Notification:
    """The user's own notification; anyone else's id is a 404."""
    return get_object_or_404(
        Notification.objects.for_user(request.user).select_related("announcement"), pk=pk
    )


@require_safe
@login_required
@reader_page
def notification_list(request):
    status = request.GET.get("status", "")
    if status not in STATUSES:
        status = ""
    notifications = notifications_for(request.user, status=status)
    page_obj = paginate(request, notifications, "notifications")
    return render(request, "notifications/list.html", {"page_obj": page_obj, "status": status})


@require_safe
@login_required
@reader_page
def activity(request):
    """Atividade recente: one timeline of what happened to the customer's tickets, projects,
    ideas and the team's notices, newest first, by day; `?tipo=` narrows it to one section."""
    section = request.GET.get("tipo", "")
    prefix = {slug: prefix for slug, _label, prefix in ACTIVITY_SECTIONS}.get(section)
    if prefix is None:
        section = ""
    page_obj = paginate(request, notifications_for(request.user, kind_prefix=prefix or ""), "notifications")
    return render(
        request,
        "notifications/activity.html",
        {"page_obj": page_obj, "section": section, "sections": ACTIVITY_SECTIONS},
    )


@require_safe
@login_required
def notification_detail(request, pk: int):
    return render(request, "notifications/detail.html", {"notification": _own(request, pk)})


@require_safe
@login_required
def notification_by_batch(request, batch):
    """The link in a notification e-mail: the same for every recipient, it opens yours."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), batch=batch)
    return redirect(notification)


@require_POST
@login_required
def notification_open(request, pk: int):
    """Mark read and follow the notification's link (only a path inside the portal)."""
    notification = _own(request, pk)
    services.notification_mark_read(notification=notification)
    if notification.safe_link:
        # The same rule as opening the page itself: everything about it is read now.
        services.notification_mark_read_for(user=request.user, link=notification.safe_link)
    return redirect(notification.safe_link or notification.get_absolute_url())


@require_POST
@login_required
def notification_mark_read(request, pk: int):
    services.notification_mark_read(notification=_own(request, pk))
    return redirect_back(request, "notifications:list")


@require_POST
@login_required
def notification_mark_all_read(request):
    count = services.notification_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)d notification marked as read.",
                "%(count)d notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("You have no unread notifications."))
    return redirect_back(request, "notifications:list")
