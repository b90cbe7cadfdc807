from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.auth_backends import AuthenticationBackend
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.utils import translation

from notifications.outbox import email_record, recipient_language

from .language import language_cookie_set
from .services import password_reset_url


class AccountAdapter(DefaultAccountAdapter):
    """allauth, the portal's way: no public sign-up, links from SITE_URL, mail via the outbox."""

    def is_open_for_signup(self, request):
        # Customers are created by staff in the admin; they set a password through
        # "Esqueci minha senha" (first access).
        return False

    def authenticate(self, request, **credentials):
        """allauth's, except that a right password for an inactive account (or a customer of a
        deactivated company) fails exactly like a wrong one: same message, and the attempt
        counts against the rate limit. allauth would send those to "Conta inativa", which tells
        whoever typed it that the password was right."""
        self.pre_authenticate(request, **credentials)
        AuthenticationBackend.unstash_authenticated_user()
        user = authenticate(request, **credentials)
        # allauth keeps a user whose password matched but who may not sign in: forget it.
        AuthenticationBackend.unstash_authenticated_user()
        if user is None:
            self.authentication_failed(request, **credentials)
            return None
        self._rollback_login_failed_rl_usage()
        return user

    def get_reset_password_from_key_url(self, key):
        return password_reset_url(key)

    def post_login(self, request, user, **kwargs):
        # The language saved on the account follows the customer to any browser.
        if user.language in dict(settings.LANGUAGES):
            translation.activate(user.language)
        response = super().post_login(request, user, **kwargs)
        if user.language in dict(settings.LANGUAGES):
            language_cookie_set(response, user.language)
        return response

    def send_mail(self, template_prefix, email, context):
        user = context.get("user")
        if user is None:
            user = get_user_model().objects.filter(email__iexact=email).first()
        language = recipient_language(getattr(user, "language", None), fallback=translation.get_language())
        ctx = {"email": email, "SITE_URL": settings.SITE_URL, "SITE_NAME": settings.SITE_NAME, **context}
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        email_record(
            to_email=email,
            to_user=user,
            subject=message.subject,
            body_text=message.body,
            body_html=html,
        )


class MFAAdapter(DefaultMFAAdapter):
    """allauth.mfa, the portal's way: names from settings (never the request's Host header),
    and no way to drop the last second factor for whom it is required."""

    def _get_site_name(self) -> str:
        return settings.SITE_NAME

    def get_totp_issuer(self) -> str:
        return settings.SITE_NAME

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # Passkeys are bound to this host name: the portal's configured one.
        return {"id": urlsplit(settings.SITE_URL).hostname or "localhost", "name": settings.SITE_NAME}

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user = authenticator.user
        if not user.must_use_two_factor or authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        others = Authenticator.objects.filter(user=user).exclude(pk=authenticator.pk)
        return others.exclude(type=Authenticator.Type.RECOVERY_CODES).exists()
