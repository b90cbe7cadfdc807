from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.attachments import AttachmentStorageError, attachment_response
from portal.page_cache import reader_page
from portal.pagination import paginate
from projects.models import Project

from . import followers, satisfaction, selectors, services
from .filters import TicketFilter
from .forms import FollowerAddForm, SatisfactionForm, TicketOpenForm, TicketReplyForm
from .models import Satisfaction, Ticket, parse_ticket_number


def _ticket_or_404(request, number: int) -> Ticket:
    ticket = selectors.ticket_for_customer(user=request.user, number=number)
    if ticket is None:
        raise Http404
    return ticket


def _visible_project(user, value: str | None) -> Project | None:
    if not (value or "").isascii() or not (value or "").isdigit():
        return None
    return Project.objects.visible_to(user).filter(pk=int(value)).first()


@login_required
@reader_page
def ticket_list(request):
    """Meus chamados: filters (status, sector, period, text), newest activity first."""
    ticket_filter = TicketFilter(
        request.GET or None, queryset=selectors.ticket_list(user=request.user), user=request.user
    )
    page_obj = paginate(request, ticket_filter.qs, "tickets")
    filtering = any(request.GET.get(name) for name in ticket_filter.form.fields)
    return render(
        request,
        "tickets/list.html",
        {"filter": ticket_filter, "page_obj": page_obj, "filtering": filtering},
    )


@login_required
def ticket_create(request):
    """Abrir chamado. A second POST of the same form leads to the ticket the first made."""
    if request.method == "POST":
        form = TicketOpenForm(request.POST, request.FILES, user=request.user)
        if form.is_valid() and (ticket := form.save()) is not None:
            number = ticket.display_number
            messages.success(
                request, _("Ticket %(number)s opened. Our team will answer you soon.") % {"number": number}
            )
            return redirect(ticket)
    else:
        initial = {}
        related = None
        if (ref := parse_ticket_number(request.GET.get("ref"))) is not None:
            related = Ticket.objects.visible_to(request.user).filter(number=ref).first()
        if related is not None:
            initial = {"related_to": related.number, "subject": related.subject, "sector": related.sector_id}
        elif request.GET.get("assunto"):
            # "Ainda precisa de ajuda?" on an article, or a search with no result.
            initial = {"subject": " ".join(request.GET["assunto"].split())[:200]}
        if (project := _visible_project(request.user, request.GET.get("projeto"))) is not None:
            # "Abrir chamado sobre este projeto" on a project's page.
            initial["project"] = project.pk
        form = TicketOpenForm(user=request.user, initial=initial)
    related = form["related_to"].value()
    return render(request, "tickets/create.html", {"form": form, "related_number": related})


def _render_detail(request, ticket: Ticket, form: TicketReplyForm | None = None):
    services.ticket_mark_read(ticket=ticket, user=request.user)
    if form is None:
        form = TicketReplyForm()
    return render(
        request,
        "tickets/detail.html",
        {
            "ticket": ticket,
            "entries": selectors.conversation(ticket=ticket),
            "form": form,
            "follow_ups": selectors.follow_ups(ticket=ticket, user=request.user),
            "can_resolve": ticket.can_be_resolved_by_customer(),
            "project": selectors.ticket_project(ticket=ticket, user=request.user),
            **_satisfaction_context(request, ticket),
            **_followers_context(request, ticket),
        },
    )


def _satisfaction_context(request, ticket: Ticket) -> dict:
    """ "Como foi o atendimento?" on the ticket page, for its customer once it is resolved."""
    if not satisfaction.can_rate(ticket=ticket, user=request.user):
        return {}
    rating = Satisfaction.objects.filter(ticket=ticket).first()
    return {"satisfaction": rating, "satisfaction_form": None if rating else SatisfactionForm()}


def _followers_context(request, ticket: Ticket) -> dict:
    """Who follows the ticket, and what this person may do about it (follow, add, leave)."""
    people = list(selectors.ticket_followers(ticket=ticket))
    is_owner = ticket.customer_id == request.user.pk
    following = any(person.pk == request.user.pk for person in people)
    follower_form = FollowerAddForm(ticket=ticket) if is_owner else None
    if follower_form is not None and not follower_form.colleagues:
        follower_form = None  # nobody left to add
    return {
        "followers": people,
        "following": following,
        "can_follow_self": not (is_owner or following)
        and followers.can_follow(ticket=ticket, user=request.user),
        "follower_form": follower_form,
    }


@login_required
@reader_page
def ticket_detail(request, number: int):
    return _render_detail(request, _ticket_or_404(request, number))


@login_required
@require_POST
def ticket_reply(request, number: int):
    """Reply on the ticket page; on a closed ticket the reply opens a follow-up ticket."""
    ticket = _ticket_or_404(request, number)
    form = TicketReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, ticket, form)
    data = form.cleaned_data
    try:
        if not ticket.is_closed:
            try:
                message = services.ticket_reply(
                    ticket=ticket,
                    author=request.user,
                    body=data["body"],
                    files=data["files"],
                    client_token=data["client_token"],
                )
            except PermissionDenied:
                pass  # closed meanwhile: the reply becomes a follow-up below
            else:
                messages.success(request, _("Your message was sent."))
                return redirect(f"{ticket.get_absolute_url()}#message-{message.pk}")
        follow_up = services.ticket_follow_up(
            ticket=ticket,
            author=request.user,
            body=data["body"],
            files=data["files"],
            client_token=data["client_token"],
        )
    except AttachmentStorageError:
        form.add_error("files", _("We could not store your files. Nothing was saved; please send again."))
        return _render_detail(request, ticket, form)
    messages.success(
        request,
        _("Ticket %(old)s is closed, so your message opened ticket %(new)s, which refers to it.")
        % {"old": ticket.display_number, "new": follow_up.display_number},
    )
    return redirect(follow_up)


@login_required
@require_POST
def ticket_resolve(request, number: int):
    ticket = _ticket_or_404(request, number)
    if services.ticket_mark_resolved(ticket=ticket, actor=request.user):
        messages.success(request, _("Thank you! The ticket is marked as resolved."))
    else:
        messages.info(request, _("This ticket can no longer be marked as resolved."))
    return redirect(ticket)


@login_required
def attachment_download(request, number: int, pk: int, thumbnail: bool = False):
    """An attachment (or, with `thumbnail`, our JPEG preview of it) for whoever sees the ticket."""
    attachment = selectors.attachment_for_customer(user=request.user, number=number, attachment_id=pk)
    if attachment is None:
        raise Http404
    return attachment_response(attachment, thumbnail=thumbnail)


def _own_ticket_or_404(request, number: int) -> Ticket:
    """A ticket the user opened (colleagues who see it do not rate it for them)."""
    ticket = _ticket_or_404(request, number)
    if ticket.customer_id != request.user.pk:
        raise Http404
    return ticket


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def ticket_rate(request, number: int):
    """Como foi o atendimento? The e-mail's links open this page (a score in `?nota=` only
    preselects it); only the POST records, so a mail scanner following links records nothing."""
    ticket = _own_ticket_or_404(request, number)
    if not satisfaction.can_rate(ticket=ticket, user=request.user):
        messages.info(request, _("You can rate our support once the ticket is resolved."))
        return redirect(ticket)
    rating = Satisfaction.objects.filter(ticket=ticket).first()
    if rating is not None and not rating.can_be_changed():
        if request.method == "POST":
            messages.error(request, _("This rating can no longer be changed."))
            return redirect(ticket)
        return render(request, "tickets/rate.html", {"ticket": ticket, "satisfaction": rating, "form": None})
    if request.method == "POST":
        form = SatisfactionForm(request.POST)
        if form.is_valid():
            try:
                satisfaction.satisfaction_rate(
                    ticket=ticket,
                    customer=request.user,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
            except PermissionDenied:
                messages.error(request, _("This rating can no longer be changed."))
            else:
                messages.success(request, _("Thank you for rating our support!"))
            return redirect(ticket)
    else:
        initial = {"score": rating.score, "comment": rating.comment} if rating else {}
        if (score := request.GET.get("nota", "")) in {str(value) for value, _label in Satisfaction.SCORES}:
            initial["score"] = int(score)
        form = SatisfactionForm(initial=initial)
    return render(request, "tickets/rate.html", {"ticket": ticket, "satisfaction": rating, "form": form})


@login_required
@require_POST
def ticket_follow(request, number: int):
    """The owner adds a colleague as follower, or a colleague who sees the ticket follows it
    (no `user` posted)."""
    ticket = _ticket_or_404(request, number)
    if ticket.customer_id == request.user.pk:
        form = FollowerAddForm(request.POST, ticket=ticket)
        if not form.is_valid():
            for error in form.errors.get("user", []):
                messages.error(request, error)
            return redirect(ticket)
        person = form.cleaned_data["user"]
    else:
        person = request.user
    try:
        followers.follower_add(ticket=ticket, user=person, added_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if person == request.user:
            messages.success(request, _("You now follow this ticket."))
        else:
            messages.success(request, _("%(name)s now follows this ticket.") % {"name": person.display_name})
    return redirect(ticket)


@login_required
@require_POST
def ticket_unfollow(request, number: int):
    """Stop following a ticket (its replies no longer notify you)."""
    ticket = _ticket_or_404(request, number)
    if followers.follower_remove(ticket=ticket, user=request.user):
        messages.success(request, _("You no longer follow this ticket."))
    return redirect(ticket)
