"""Settings for the Portal do Cliente.

One module, every knob read from the environment (see README.md, "Configuration").
The defaults are safe for local use: SQLite, e-mails to the console, Celery eager.
Production hardening switches on by itself when DEBUG is off.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

from portal import static as static_headers
from portal.s3 import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    default="django-insecure-local-only-never-use-in-production",
)
# Rotating SECRET_KEY: the old value goes here for a while (sessions, reset links and the
# plugin's encrypted signing secrets keep working; see docs/plugin.md).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in e-mails are built from this, never from the request's Host header.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SITE_NAME = env.str("SITE_NAME", default="Portal do Cliente")

# The portal's own apps, one per section: the one list (translations, tests and scripts read it).
PORTAL_APPS = ["accounts", "notifications", "kb", "tickets", "projects", "ideas", "plugin", "privacy"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the form renderer below finds Django's widget templates here
    "django.contrib.sitemaps",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_filters",
    "csp",
    *PORTAL_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.auth.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff, and customers whose company requires it, set up a second factor before anything else.
    "accounts.middleware.SecondFactorRequiredMiddleware",
    # "Last seen" of each signed-in session (Meus dados → Segurança → Sessões), written at most
    # every few minutes per session (allauth's own tracking would write on every request).
    "accounts.middleware.SessionLastSeenMiddleware",
    # Records who changed a knowledge-base article (its history in the admin).
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "portal.context_processors.site",
                "portal.context_processors.main_menu",
                "notifications.context_processors.bell",
            ],
        },
    },
]

FORM_RENDERER = "portal.forms.PortalFormRenderer"

# Database: SQLite file in the project folder unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections in production (opening one per request was 13% of a page's time
# here); health checks drop a connection the server closed. Behind pgbouncer (transaction
# pooling) set CONN_MAX_AGE=0.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis is the Celery broker. The cache (allauth's rate limits) is shared by every process:
# the database by default, so a Redis outage never breaks a customer's request; set
# CACHE_URL (e.g. redis://127.0.0.1:6379/1) to move it to Redis.
REDIS_URL = env.str("REDIS_URL", default="")
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://portal_cache")}
# Signed-in customers' hot pages, kept per reader until a change they would see (see
# portal/page_cache.py): in Redis when REDIS_URL is set (short socket timeouts: a slow Redis
# makes pages render normally, never wait), off otherwise. PAGE_CACHE_URL=dummycache:// turns it off.
_page_cache_url = env.str("PAGE_CACHE_URL", default=REDIS_URL or "dummycache://")
if _page_cache_url.startswith(("redis://", "rediss://", "unix://")):
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _page_cache_url,
        "KEY_PREFIX": env.str("PAGE_CACHE_KEY_PREFIX", default="pages"),
        "OPTIONS": {"socket_timeout": 0.25, "socket_connect_timeout": 0.25},
    }
else:
    CACHES["pages"] = env.cache_url_config(_page_cache_url)
# How old a cached page may get even when nothing changed (relative times such as "há 2 minutos").
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# Database sessions that carry the person: one query loads both (accounts/sessions.py).
SESSION_ENGINE = "accounts.sessions"

AUTH_USER_MODEL = "accounts.User"
# Django's and allauth's backends, also refusing customers of a deactivated company
# (at sign-in and on every request: accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, company-aware, reusing the person loaded with the
    # session (accounts/backends.py, accounts/sessions.py).
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "kb:home"

# django-allauth
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# The portal's words on allauth's forms ("usuário ou e-mail", "E-mail").
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "reset_password": "accounts.forms.ResetPasswordForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "accounts.tokens.PasswordResetTokenGenerator"
# allauth's rate limiter (in the shared cache) also guards the portal's own public POSTs.
# Username changes in Meus dados are rate-limited per account (usernames are not secret, but
# probing them one by one is slowed down).
ACCOUNT_RATE_LIMITS = {"kb_feedback": "20/m/ip", "change_username": "5/h/user"}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
# Security e-mails (password changed or reset, two-factor on/off, new recovery codes), through
# the outbox in the account's language (accounts/adapter.py).
ACCOUNT_EMAIL_NOTIFICATIONS = True

# Two-factor authentication (allauth.mfa): authenticator app (QR code drawn on the server as
# SVG), recovery codes and security keys / passkeys (WebAuthn, allauth's own scripts).
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = SITE_NAME
# Active sessions (allauth.usersessions): recorded at sign-in; SessionLastSeenMiddleware keeps
# "last seen" (allauth's USERSESSIONS_TRACK_ACTIVITY stays off: it writes on every request).
USERSESSIONS_LAST_SEEN_EVERY = 5 * 60
# Browsers allow WebAuthn on https origins and on localhost; plain http only while developing.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Internationalisation
LANGUAGE_CODE = "pt-br"
LANGUAGES = [("pt-br", "Português (Brasil)"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True

# Static and media files
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# An operator's brand (static/img/logo.svg, static/css/brand.css, favicon) lives in a folder of
# their own that wins over the portal's files of the same name (see README, "Brand and logo").
STATIC_OVERRIDE_DIR = env.str("STATIC_OVERRIDE_DIR", default="")
STATICFILES_DIRS = [*([STATIC_OVERRIDE_DIR] if STATIC_OVERRIDE_DIR else []), BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
# The plugin's loader and button style are loaded by our customers' systems (other origins,
# possibly with Cross-Origin-Embedder-Policy: require-corp).
WHITENOISE_ADD_HEADERS_FUNCTION = static_headers.add_headers
# Private files (ticket attachments) never live under a public URL.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    # Hashed, compressed file names in production; plain files while developing.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Files on S3-compatible storage (django-storages) when S3_BUCKET is set: see portal/storage.py
# and the README. Credentials may also come from the usual AWS_* variables or an instance role.
if env.str("S3_BUCKET", default=""):
    STORAGES.update(
        s3_storages(
            bucket=env.str("S3_BUCKET"),
            endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
            region=env.str("S3_REGION", default=""),
            access_key=env.str("S3_ACCESS_KEY_ID", default=""),
            secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
            public_url_seconds=env.int("S3_PUBLIC_URL_SECONDS", default=600),
        )
    )

# How many rows a customer-facing list shows per page.
PAGE_SIZES = {
    "tickets": 20,
    "notifications": 20,
    "projects": 20,
    "project_updates": 20,
    "ideas": 10,
    "kb": 20,
}

# Uploads: per-file size is checked in forms; these cap the request as a whole.
AVATAR_MAX_BYTES = env.int("AVATAR_MAX_BYTES", default=5 * 1024 * 1024)
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_FILES = env.int("ATTACHMENT_MAX_FILES", default=5)
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# E-mail: console by default; EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "sent-emails")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Portal do Cliente <suporte@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Celery: Redis as broker when REDIS_URL is set; otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="portal")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that is down or hung must not hold a request: web processes publish once, with
# short socket timeouts (portal/queue.py); what is not published, the beat sweeps re-queue.
# Celery workers block on the broker for seconds by design: portal/celery.py gives them
# their own, longer timeouts (WORKER_BROKER_TRANSPORT_OPTIONS).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "max_retries": 0}
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_CONNECTION_RETRY = False
CELERY_TASK_PUBLISH_RETRY = False
WORKER_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 5, "socket_timeout": 30}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {
        "task": "notifications.tasks.outbox_sweep",
        "schedule": crontab(minute="*"),
    },
    "plugin-used-tokens-purge": {
        "task": "plugin.tasks.used_tokens_purge_task",
        "schedule": crontab(minute="*/10"),
    },
    "password-reset-request-sweep": {
        "task": "accounts.tasks.password_reset_request_sweep",
        "schedule": crontab(minute="*"),
    },
    "privacy-export-purge": {
        "task": "privacy.tasks.export_purge_task",
        "schedule": crontab(minute=17),
    },
    "announcement-sweep": {
        "task": "notifications.tasks.announcement_sweep",
        "schedule": crontab(minute="*/5"),
    },
    "ticket-autoclose": {
        "task": "tickets.tasks.ticket_autoclose_task",
        "schedule": crontab(minute=17),
    },
}
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)

# A resolved ticket the customer does not answer for this many days is closed (hourly beat).
TICKET_AUTOCLOSE_DAYS = env.int("TICKET_AUTOCLOSE_DAYS", default=7)
# How long a customer may change the satisfaction rating they gave a ticket.
TICKET_SATISFACTION_CHANGE_DAYS = env.int("TICKET_SATISFACTION_CHANGE_DAYS", default=14)
# Business hours (from, to; Monday to Friday, TIME_ZONE) for the sectors' answer targets.
TICKET_BUSINESS_HOURS = tuple(env.list("TICKET_BUSINESS_HOURS", cast=int, default=[8, 18]))

# Reply by e-mail (tickets/inbound.py): the support mailbox read over IMAP, e.g.
# imaps://suporte%40example.com:secret@imap.example.com:993/INBOX (imaps: TLS; imap+starttls:
# STARTTLS; plain imap:// only to 127.0.0.1, for tests). Empty: no polling.
INBOUND_IMAP_URL = env.str("INBOUND_IMAP_URL", default="")
# The address answers go to; ticket e-mails carry Reply-To "<local>+<token>@<domain>" built
# from it. Empty: the address of DEFAULT_FROM_EMAIL (when INBOUND_IMAP_URL is set).
INBOUND_EMAIL_ADDRESS = env.str("INBOUND_EMAIL_ADDRESS", default="")
# Sector (its name) of tickets opened by a new e-mail; empty: the default sector.
INBOUND_DEFAULT_SECTOR = env.str("INBOUND_DEFAULT_SECTOR", default="")
# Answer unknown senders once per INBOUND_AUTO_ANSWER_HOURS with a pointer to the portal.
INBOUND_AUTO_ANSWER = env.bool("INBOUND_AUTO_ANSWER", default=False)
INBOUND_AUTO_ANSWER_HOURS = env.int("INBOUND_AUTO_ANSWER_HOURS", default=24)
# Messages larger than this are not downloaded (recorded as refused).
INBOUND_MAX_BYTES = env.int("INBOUND_MAX_BYTES", default=ATTACHMENT_MAX_FILES * ATTACHMENT_MAX_BYTES * 2)
INBOUND_IMAP_TIMEOUT = env.int("INBOUND_IMAP_TIMEOUT", default=30)
if INBOUND_IMAP_URL:
    CELERY_BEAT_SCHEDULE["inbound-mail-fetch"] = {
        "task": "tickets.tasks.fetch_mail",
        "schedule": env.int("INBOUND_POLL_SECONDS", default=60),
    }

# Content-Security-Policy (django-csp 4)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Security: on by default whenever DEBUG is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF token from the cookie (forms carry it).
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The language cookie follows the others (it only holds "pt-br" or "en", but consistently).
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "portal.logging.ClientErrorsWithoutTraceback"}},
    "loggers": {"django.request": {"filters": ["client_errors"]}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
