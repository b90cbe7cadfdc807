from allauth.usersessions.internal.flows.sessions import end_sessions
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from portal import page_cache

from . import services
from .forms import ProfileForm
from .language import language_cookie_set


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=request.user, request=request)
        if form.is_valid():
            user = form.save()
            translation.activate(user.language)  # the confirmation reads in the language just chosen
            messages.success(request, _("Your details were saved."))
            if new_email := form.requested_email:
                # The same answer whether or not another account has the address.
                services.email_change_request(user=user, new_email=new_email)
                messages.info(
                    request,
                    _("We sent a confirmation link to %(email)s. Your e-mail changes when you open it.")
                    % {"email": new_email},
                )
            response = redirect("accounts:profile")
            language_cookie_set(response, user.language)
            return response
        # Keep what was typed; never leave the in-memory user half-edited for the page frame.
        request.user.refresh_from_db()
    else:
        form = ProfileForm(instance=request.user)
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request):
    """Django's set_language, remembering the choice on the account for e-mails."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        # request.user is a lazy wrapper: go through the model, not type(request.user).
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
        page_cache.touch(users=[request.user.pk])
    return response


@login_required
def email_change_confirm(request, token: str):
    """The link mailed to a new address: a page with a button (a GET changes nothing), then
    the change. Works only for the account that asked, signed in, while its e-mail is the
    one it had when asking."""
    try:
        new_email = services.email_change_token_read(user=request.user, token=token)
    except services.EmailChangeRefused:
        return render(request, "accounts/email_change_refused.html", status=404)
    if request.method == "POST":
        try:
            services.email_change_confirm(user=request.user, token=token)
        except services.EmailChangeRefused:
            return render(request, "accounts/email_change_refused.html", status=404)
        messages.success(request, _("Your e-mail is now %(email)s.") % {"email": new_email})
        return redirect("accounts:profile")
    return render(request, "accounts/email_change_confirm.html", {"new_email": new_email})


@require_POST
@login_required
def session_end(request, pk: int):
    """ "Encerrar" one of the customer's own sessions (another person's is a 404)."""
    session = get_object_or_404(UserSession, pk=pk, user=request.user)
    current = session.is_current()
    end_sessions(request, [session])
    if current:
        return redirect("account_login")
    messages.success(request, _("The session was ended."))
    return redirect("usersessions_list")
