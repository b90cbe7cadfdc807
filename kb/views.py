from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.page_cache import reader_page
from portal.pagination import paginate

from . import search, selectors, services
from .forms import DeflectionForm, FeedbackForm
from .models import Article, Category

SUGGESTIONS = 5


def home(request):
    """Public entry page: search first, categories, most read and recent articles, and the
    way into the customer area."""
    return render(request, "kb/home.html", selectors.home(user=request.user))


def category_detail(request, slug: str):
    category = get_object_or_404(Category.objects.active().select_related("parent"), slug=slug)
    articles = selectors.category_articles(user=request.user, category=category)
    page_obj = paginate(request, articles, "kb")
    page_obj.object_list = [selectors.localize(a) for a in page_obj.object_list]
    return render(
        request,
        "kb/category.html",
        {
            "category": category,
            "sections": selectors.category_sections(user=request.user, category=category),
            "page_obj": page_obj,
        },
    )


def _count_cached_view(request, slug: str):
    """A page served from the page cache is still one more reader."""
    services.article_count_view(slug=slug, user_agent=request.headers.get("User-Agent", ""))


@reader_page(on_hit=_count_cached_view)
def article_detail(request, slug: str):
    # ?lang= picks the article's text language (the hreflang alternates link to it).
    language = request.GET.get("lang")
    if language not in dict(settings.LANGUAGES):
        language = None
    article = selectors.article_for_reader(user=request.user, slug=slug, language=language)
    if article is None:
        raise Http404
    if not request.user.is_staff:  # the team's previews and checks are not readers
        services.article_count_view(slug=article.slug, user_agent=request.headers.get("User-Agent", ""))
    previous, following = selectors.neighbours(user=request.user, article=article)
    feedback = selectors.reader_feedback(request=request, article=article)
    doc = selectors.localize(article, language)
    # "Ainda precisa de ajuda?": the ticket form with the article's title as its subject.
    open_ticket = f"{reverse('tickets:create')}?{urlencode({'assunto': doc.title})}"
    if not request.user.is_authenticated:
        open_ticket = f"{reverse('account_login')}?{urlencode({'next': open_ticket})}"
    return render(
        request,
        "kb/article.html",
        {
            "article": article,
            "doc": doc,
            "open_ticket_url": open_ticket,
            "lang_param": language,
            "related": selectors.related_articles(user=request.user, article=article),
            "previous": previous,
            "next": following,
            "feedback": feedback,
            "feedback_form": FeedbackForm(initial={"comment": feedback.comment if feedback else ""}),
        },
    )


@require_POST
def article_feedback(request, slug: str):
    """ "Isso ajudou?": POST only, CSRF-checked, rate-limited per client."""
    article = get_object_or_404(Article.objects.visible_to(request.user), slug=slug)
    if not ratelimit.consume(request, action="kb_feedback"):
        messages.error(request, _("Too many answers in a short time. Please try again in a minute."))
        return redirect(f"{article.get_absolute_url()}#feedback")
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “Yes” or “No”."))
        return redirect(f"{article.get_absolute_url()}#feedback")
    if request.user.is_authenticated:
        owner = {"user": request.user}
    else:
        if not request.session.session_key:
            request.session["kb_reader"] = True
            request.session.save()
        owner = {"session_key": request.session.session_key}
    feedback = services.feedback_record(
        article=article, helpful=form.cleaned_data["helpful"], comment=form.cleaned_data["comment"], **owner
    )
    if feedback.helpful:
        messages.success(request, _("Thank you for your answer!"))
    elif feedback.comment:
        messages.success(request, _("Thank you! Your comment helps us improve this article."))
    return redirect(f"{article.get_absolute_url()}#feedback")


def search_results(request):
    query = request.GET.get("q", "").strip()[: search.MAX_LENGTH]
    results = search.search(user=request.user, query=query)
    page_obj = paginate(request, results, "kb")
    searched = search.is_searchable(query)
    if searched and page_obj.number == 1:
        services.search_log(query=query, results=page_obj.paginator.count)
    return render(
        request,
        "kb/search.html",
        {
            "query": query,
            "searched": searched,
            "too_short": bool(query) and not searched,
            "page_obj": page_obj,
        },
    )


def suggestions(request):
    """Up to five articles for what someone is typing (the ticket form's Assunto): an HTML
    fragment, same search and visibility as the search page."""
    query = request.GET.get("q", "").strip()[: search.MAX_LENGTH]
    hits = search.search(user=request.user, query=query, suggest=True)[:SUGGESTIONS]
    response = render(request, "kb/_suggestions.html", {"query": query, "hits": hits})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def article_deflect(request, slug: str):
    """ "Isso resolveu meu problema": the ticket the customer was writing is not needed."""
    article = get_object_or_404(Article.objects.visible_to(request.user), slug=slug)
    form = DeflectionForm(request.POST)
    query = form.cleaned_data["query"] if form.is_valid() else ""
    services.deflection_record(article=article, user=request.user, query=query)
    messages.success(request, _("Great, we are glad it is solved! No ticket was opened."))
    return redirect(article)
