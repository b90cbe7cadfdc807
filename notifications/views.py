from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from .models import Notification


@login_required
def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    page_obj = Paginator(notifications, 20).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page_obj})
