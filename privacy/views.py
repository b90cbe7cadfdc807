from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .models import DataExport, PrivacyEvent


@login_required
def privacy_home(request):
    """Meus dados → Privacidade: ask for a copy of one's data; the recent requests."""
    exports = DataExport.objects.filter(user=request.user)[:5]
    return render(request, "privacy/home.html", {"exports": exports})


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
