"""Deploy checks (`manage.py check --deploy`) for settings that work on a laptop and fail
quietly in production: nothing here stops `runserver`, they only warn when DEBUG is off."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends that never deliver: fine while developing, a silent loss in production.
UNDELIVERED_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def email_backend_delivers(app_configs, **kwargs):
    if settings.DEBUG or settings.EMAIL_BACKEND not in UNDELIVERED_EMAIL_BACKENDS:
        return []
    return [
        Warning(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} with DEBUG off: no e-mail (password "
            "resets, first-access invites, notifications) reaches anyone.",
            hint="Set EMAIL_URL, e.g. smtp+tls://user:pass@smtp.example.com:587.",
            id="portal.W001",
        )
    ]


@register(Tags.security, deploy=True)
def broker_configured(app_configs, **kwargs):
    if settings.DEBUG or settings.REDIS_URL:
        return []
    return [
        Warning(
            "REDIS_URL is empty with DEBUG off: Celery runs every task inside the web request "
            "(SMTP delivery, exports), so a slow mail server slows every page that sends mail, "
            "and the beat's sweeps never run.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) and run a worker and the beat.",
            id="portal.W002",
        )
    ]


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    if urlsplit(settings.SITE_URL).scheme == "https":
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL}) is not https: password-reset and confirmation links "
            "in e-mails would travel and open without TLS.",
            hint="Set SITE_URL=https://your-portal.example.com.",
            id="portal.W003",
        )
    ]


@register(Tags.security, deploy=True)
def allowed_hosts_not_wildcard(app_configs, **kwargs):
    if "*" not in settings.ALLOWED_HOSTS:
        return []
    return [
        Warning(
            "ALLOWED_HOSTS contains '*': any Host header is accepted, which opens the door to "
            "cache poisoning and links built for another host.",
            hint="List the portal's host names, e.g. ALLOWED_HOSTS=suporte.example.com.",
            id="portal.W004",
        )
    ]
