from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.services import notification_mark_read_for
from portal.http import redirect_back

from . import selectors, services
from .filters import IdeaFilter
from .forms import IdeaSuggestForm, RatingForm, VoteForm
from .models import Idea


@login_required
def idea_list(request):
    data = request.GET.copy()
    data.setdefault("sort", "votes")
    idea_filter = IdeaFilter(data, queryset=selectors.idea_list(user=request.user))
    page_obj = Paginator(idea_filter.qs, settings.PAGE_SIZES["ideas"]).get_page(request.GET.get("page"))
    return render(request, "ideas/list.html", {"filter": idea_filter, "page_obj": page_obj})


@login_required
def idea_detail(request, pk):
    idea = get_object_or_404(selectors.idea_list(user=request.user), pk=pk)
    notification_mark_read_for(user=request.user, target=idea)
    return render(request, "ideas/detail.html", {"idea": idea})


@login_required
@require_POST
def idea_vote(request, pk):
    idea = get_object_or_404(Idea.objects.published(), pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Your vote could not be recorded."))
    elif services.idea_vote_set(idea=idea, user=request.user, voted=form.cleaned_data["voted"]):
        messages.success(request, _("Thank you for your vote!"))
    else:
        messages.info(request, _("Your vote was withdrawn."))
    return redirect_back(request, idea)


@login_required
@require_POST
def idea_rating(request, pk):
    idea = get_object_or_404(Idea.objects.published(), pk=pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        services.idea_rate(idea=idea, user=request.user, score=form.cleaned_data["score"])
        messages.success(request, _("Thank you for your rating!"))
    else:
        messages.error(request, _("Choose a rating from 1 to 5."))
    return redirect_back(request, idea)


@login_required
def idea_suggest(request):
    form = IdeaSuggestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.idea_suggest(user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you! Our team will review your suggestion."))
        return redirect("ideas:list")
    return render(request, "ideas/suggest.html", {"form": form})
