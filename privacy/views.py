from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from notifications.markup import render_markdown

from . import services
from .models import DataExport, DeletionRequest, PrivacyEvent, PrivacyNotice


@login_required
def privacy_home(request):
    """Meus dados → Privacidade: ask for a copy of one's data; the recent requests."""
    exports = DataExport.objects.filter(user=request.user)[:5]
    pending = DeletionRequest.objects.filter(
        user=request.user, status=DeletionRequest.Status.PENDING
    ).exists()
    return render(request, "privacy/home.html", {"exports": exports, "deletion_pending": pending})


@require_POST
@login_required
def export_request(request):
    services.export_request(user=request.user)
    messages.success(request, _("We are preparing your data. We will e-mail you a download link."))
    return redirect("privacy:home")


@login_required
def export_download(request, token: str):
    """The ZIP, only for the person it belongs to and until it expires (anyone else: 404)."""
    export = DataExport.objects.filter(token=token, user=request.user).first()
    if export is None or not export.is_downloadable:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    services.privacy_log(user=request.user, kind=PrivacyEvent.Kind.EXPORT_DOWNLOADED)
    response = FileResponse(
        handle, as_attachment=True, filename="meus-dados.zip", content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class DeletionForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Anything you want to tell us (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(gettext_lazy("Wrong password."), code="wrong_password")
        return password


@login_required
def deletion_request(request):
    """ "Excluir minha conta": confirmed with the password, decided by the team."""
    form = DeletionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.deletion_request(user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your request was sent. Our team will review it."))
        return redirect("privacy:home")
    pending = DeletionRequest.objects.filter(
        user=request.user, status=DeletionRequest.Status.PENDING
    ).exists()
    return render(request, "privacy/deletion.html", {"form": form, "pending": pending})


def privacy_notice(request):
    """The public privacy page (what is stored, why, for how long), written by staff."""
    notice = PrivacyNotice.objects.first()
    body = render_markdown(notice.body) if notice else None
    return render(request, "privacy/notice.html", {"notice": notice, "body": body})
