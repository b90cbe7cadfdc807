"""LGPD self-service: a person's data export (request, build, expiry) and its audit log."""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from datetime import timedelta

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from ideas.models import Rating, Vote
from notifications.models import Notification
from notifications.outbox import email_send
from plugin.models import PersonLink
from portal.queue import enqueue_on_commit
from tickets.models import Attachment, Message, Ticket

from .models import DataExport, DeletionRequest, PrivacyEvent

EXPORT_VALID_FOR = timedelta(days=7)


def privacy_log(*, user: User, kind: str) -> PrivacyEvent:
    return PrivacyEvent.objects.create(user=user, user_label=_label(user), kind=kind)


def export_request(*, user: User) -> DataExport:
    """Record a "Baixar meus dados" request and queue its build after commit. A request while
    another is still being prepared returns that one (a double click builds one ZIP)."""
    with transaction.atomic():
        pending = (
            DataExport.objects.select_for_update().filter(user=user, status=DataExport.Status.PENDING).first()
        )
        if pending is not None:
            return pending
        export = DataExport.objects.create(user=user, token=secrets.token_urlsafe(32))
        privacy_log(user=user, kind=PrivacyEvent.Kind.EXPORT_REQUESTED)
        enqueue_on_commit("privacy.tasks.export_build_task", export.pk)
    return export


def export_data(user: User) -> dict:
    """Everything the portal holds about `user`, as plain data (their own words only: staff
    internal notes and other people's messages are not theirs)."""
    messages = (
        Message.objects.filter(author=user, internal=False).select_related("ticket").order_by("created_at")
    )
    return {
        "profile": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "company": user.organization.name if user.organization is not None else None,
            "language": user.language,
            "email_notifications": user.email_notifications,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "photo": user.avatar.name.rsplit("/", 1)[-1] if user.avatar else None,
        },
        "tickets": [
            {
                "number": t.display_number,
                "subject": t.subject,
                "status": t.status,
                "created_at": t.created_at,
                "origin": {"module": t.origin_module, "screen": t.origin_screen, "url": t.origin_url},
            }
            for t in Ticket.objects.filter(customer=user).order_by("created_at")
        ],
        "messages": [
            {"ticket": m.ticket.display_number, "text": m.body, "created_at": m.created_at} for m in messages
        ],
        "attachments": [
            {
                "ticket": a.message.ticket.display_number,
                "name": a.name,
                "size": a.size,
                "file": f"attachments/{a.pk}-{a.name}",
            }
            for a in _own_attachments(user)
        ],
        "votes": [{"idea": v.idea.title} for v in Vote.objects.filter(user=user).select_related("idea")],
        "ratings": [
            {"idea": r.idea.title, "score": r.score}
            for r in Rating.objects.filter(user=user).select_related("idea")
        ],
        "notifications": [
            {"title": n.display_title, "created_at": n.created_at, "read_at": n.read_at}
            for n in Notification.objects.filter(recipient=user).order_by("created_at")
        ],
        "plugin_links": [
            {"system": link.integration.name, "subject": link.subject}
            for link in PersonLink.objects.filter(user=user).select_related("integration")
        ],
        "sessions": [
            {
                "ip": s.ip,
                "browser": s.user_agent,
                "signed_in_at": s.created_at,
                "last_seen_at": s.last_seen_at,
            }
            for s in UserSession.objects.filter(user=user).order_by("created_at")
        ],
    }


def _own_attachments(user: User):
    return Attachment.objects.filter(message__author=user, message__internal=False).select_related(
        "message__ticket"
    )


def export_build(*, export_id: int) -> str:
    """Build the ZIP (data.json, the person's own attachments and photo), store it privately,
    mail the link. Safe to run twice: only a pending export is built. Returns "ready" or "gone"."""
    export = DataExport.objects.select_related("user__organization").filter(pk=export_id).first()
    if export is None or export.status != DataExport.Status.PENDING:
        return "gone"
    user = export.user
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = json.dumps(export_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        archive.writestr("data.json", data)
        for attachment in _own_attachments(user):
            try:
                with attachment.file.open("rb") as handle:
                    archive.writestr(f"attachments/{attachment.pk}-{attachment.name}", handle.read())
            except FileNotFoundError:
                continue
        if user.avatar:
            try:
                with user.avatar.open("rb") as handle:
                    archive.writestr(f"photo/{user.avatar.name.rsplit('/', 1)[-1]}", handle.read())
            except FileNotFoundError:
                pass
    now = timezone.now()
    with transaction.atomic():
        claimed = (
            DataExport.objects.select_for_update()
            .filter(pk=export.pk, status=DataExport.Status.PENDING)
            .first()
        )
        if claimed is None:
            return "gone"
        claimed.file.save(f"{claimed.token}.zip", ContentFile(buffer.getvalue()), save=False)
        claimed.status = DataExport.Status.READY
        claimed.ready_at = now
        claimed.expires_at = now + EXPORT_VALID_FOR
        claimed.save(update_fields=["file", "status", "ready_at", "expires_at"])
        privacy_log(user=user, kind=PrivacyEvent.Kind.EXPORT_READY)
        email_send(
            to_email=user.email,
            to_user=user,
            template="privacy/emails/export_ready",
            context={
                "user": user,
                "download_url": settings.SITE_URL + reverse("privacy:export_download", args=[claimed.token]),
                "expires_at": claimed.expires_at,
            },
        )
    return "ready"


def export_purge_expired() -> int:
    """Delete the files of exports past their date (the beat runs it); the rows stay, marked
    expired, for the audit log."""
    count = 0
    for export in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=timezone.now()):
        if export.file:
            export.file.delete(save=False)
        export.status = DataExport.Status.EXPIRED
        export.save(update_fields=["file", "status"])
        privacy_log(user=export.user, kind=PrivacyEvent.Kind.EXPORT_EXPIRED)
        count += 1
    return count


def deletion_request(*, user: User, reason: str = "") -> DeletionRequest:
    """Record "Excluir minha conta" for staff to decide (one pending request per person)."""
    with transaction.atomic():
        pending = DeletionRequest.objects.select_for_update().filter(user=user, status="pending")
        existing = pending.first()
        if existing is not None:
            return existing
        request = DeletionRequest.objects.create(user=user, user_label=_label(user), reason=reason[:2000])
        privacy_log(user=user, kind=PrivacyEvent.Kind.DELETION_REQUESTED)
    return request


def _label(user: User) -> str:
    return f"{user.username} (#{user.pk})"


def deletion_reject(*, request: DeletionRequest, by: User) -> bool:
    """Refuse a pending request (logged). False when it was already decided."""
    with transaction.atomic():
        decided = DeletionRequest.objects.filter(pk=request.pk, status=DeletionRequest.Status.PENDING).update(
            status=DeletionRequest.Status.REJECTED, decided_at=timezone.now(), decided_by=by
        )
        if decided and request.user is not None:
            privacy_log(user=request.user, kind=PrivacyEvent.Kind.DELETION_REJECTED)
    return bool(decided)


def deletion_approve(*, request: DeletionRequest, by: User) -> bool:
    """Approve a pending request: anonymize the person (account_anonymize). Claimed by one
    conditional UPDATE, so a second click does nothing. False when already decided."""
    with transaction.atomic():
        decided = DeletionRequest.objects.filter(pk=request.pk, status=DeletionRequest.Status.PENDING).update(
            status=DeletionRequest.Status.APPROVED, decided_at=timezone.now(), decided_by=by
        )
        if not decided or request.user is None:
            return False
        privacy_log(user=request.user, kind=PrivacyEvent.Kind.DELETION_APPROVED)
        account_anonymize(user=request.user)
    return True


def account_anonymize(*, user: User) -> None:
    """Remove the person and keep their tickets' text: name "Cliente removido", no e-mail, a
    placeholder username, no photo, no password, inactive; their sessions (and the IPs they
    recorded), second factors, e-mail addresses, plugin links, exports and mails are deleted."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from accounts.models import PasswordResetRequest
    from notifications.models import OutboundEmail

    old_email = user.email
    for session in UserSession.objects.filter(user=user):
        session.end()
    # Sessions that were never listed (signed in before sessions were recorded) end too: the
    # password hash changes below, so Django refuses them at their next request.
    if user.avatar:
        user.avatar.delete(save=False)
    for export in DataExport.objects.filter(user=user):
        if export.file:
            export.file.delete(save=False)
    DataExport.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    PersonLink.objects.filter(user=user).delete()
    OutboundEmail.objects.filter(to_user=user).delete()
    if old_email:
        OutboundEmail.objects.filter(to_email__iexact=old_email).delete()
        PasswordResetRequest.objects.filter(email__iexact=old_email).delete()
    user.first_name, user.last_name = "Cliente", "removido"
    user.username = f"removido-{user.pk}"
    user.email = ""
    user.avatar = ""
    user.is_active = False
    user.email_notifications = False
    user.set_unusable_password()
    user.save()
    PrivacyEvent.objects.filter(user=user).update(user_label=f"removido-{user.pk}")
    DeletionRequest.objects.filter(user=user).update(user_label=f"removido-{user.pk}")
