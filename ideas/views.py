from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from notifications.services import notification_mark_read_for
from portal.http import redirect_back
from portal.page_cache import reader_page
from portal.pagination import paginate

from . import selectors, services
from .filters import IdeaFilter
from .forms import CommentForm, FollowForm, IdeaSuggestForm, RatingForm, VoteForm
from .models import Idea

SIMILAR_MAX_LENGTH = 200


def _wants_fragment(request) -> bool:
    """ideas.js posts with this header and swaps the returned fragment in place."""
    return request.headers.get("X-Requested-With") == "fetch"


def _answer(request, idea: Idea, level: int, text: str):
    """The vote/rate/follow answer: the idea's live panel for ideas.js, else a message and a
    redirect to the page the form was on (works without JavaScript)."""
    if _wants_fragment(request):
        fresh = selectors.idea_list(user=request.user).get(pk=idea.pk)
        return render(
            request,
            "ideas/_live.html",
            {
                "idea": fresh,
                "flash": text,
                "flash_error": level == messages.ERROR,
                "next": request.POST.get("next", ""),
            },
        )
    messages.add_message(request, level, text)
    return redirect_back(request, idea)


@login_required
@reader_page
def idea_list(request):
    data = request.GET.copy()
    data.setdefault("sort", "votes")
    idea_filter = IdeaFilter(data, queryset=selectors.idea_list(user=request.user))
    page_obj = paginate(request, idea_filter.qs, "ideas")
    return render(request, "ideas/list.html", {"filter": idea_filter, "page_obj": page_obj})


@login_required
@reader_page
def idea_detail(request, pk):
    idea = selectors.idea_detail(user=request.user, pk=pk)
    if idea is None:
        target = selectors.merged_target(pk=pk)
        if target is None:
            raise Http404
        # A merged duplicate lives on in its target: old links and e-mails keep working.
        return redirect(target, permanent=True)
    notification_mark_read_for(user=request.user, target=idea)
    return render(request, "ideas/detail.html", {"idea": idea, "comment_form": CommentForm()})


@login_required
@require_POST
def idea_vote(request, pk):
    idea = get_object_or_404(Idea.objects.published(), pk=pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _answer(request, idea, messages.ERROR, _("Your vote could not be recorded."))
    if services.idea_vote_set(idea=idea, user=request.user, voted=form.cleaned_data["voted"]):
        return _answer(request, idea, messages.SUCCESS, _("Thank you for your vote!"))
    return _answer(request, idea, messages.INFO, _("Your vote was withdrawn."))


@login_required
@require_POST
def idea_rating(request, pk):
    idea = get_object_or_404(Idea.objects.published(), pk=pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _answer(request, idea, messages.ERROR, _("Choose a rating from 1 to 5."))
    services.idea_rate(idea=idea, user=request.user, score=form.cleaned_data["score"])
    return _answer(request, idea, messages.SUCCESS, _("Thank you for your rating!"))


@login_required
@require_POST
def idea_follow(request, pk):
    idea = get_object_or_404(Idea.objects.published(), pk=pk)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _answer(request, idea, messages.ERROR, _("Your choice could not be recorded."))
    if services.idea_follow_set(idea=idea, user=request.user, following=form.cleaned_data["following"]):
        return _answer(
            request, idea, messages.SUCCESS, _("You will be told about new comments on this idea.")
        )
    return _answer(request, idea, messages.INFO, _("You no longer follow this idea."))


@login_required
@require_POST
def idea_comment(request, pk):
    idea = get_object_or_404(Idea.objects.published(), pk=pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = services.idea_comment(
            idea=idea,
            author=request.user,
            body=form.cleaned_data["body"],
            client_token=form.cleaned_data["client_token"],
        )
        messages.success(request, _("Your comment was published."))
        return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")
    idea = selectors.idea_detail(user=request.user, pk=pk)
    return render(request, "ideas/detail.html", {"idea": idea, "comment_form": form}, status=400)


@login_required
def idea_similar(request):
    """Published ideas like the title being typed on "Sugerir ideia": an HTML fragment for
    kb.js's suggestion box (the same one the ticket form uses)."""
    title = request.GET.get("q", "").strip()[:SIMILAR_MAX_LENGTH]
    ideas = selectors.similar_ideas(user=request.user, title=title) if len(title) >= 3 else []
    response = render(request, "ideas/_similar.html", {"ideas": ideas})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def idea_suggest(request):
    form = IdeaSuggestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.idea_suggest(user=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you! Our team will review your suggestion."))
        return redirect("ideas:list")
    return render(request, "ideas/suggest.html", {"form": form})
