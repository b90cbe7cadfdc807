from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .forms import ProfileForm
from .language import language_cookie_set


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=request.user)
        if form.is_valid():
            user = form.save()
            translation.activate(user.language)  # the confirmation reads in the language just chosen
            messages.success(request, _("Your details were saved."))
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
    return response
