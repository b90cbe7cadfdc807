import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches

from accounts.models import PasswordResetRequest
from accounts.services import password_reset_request_process
from notifications.models import OutboundEmail
from notifications.outbox import outbox_deliver
from portal import queue
from portal.celery import app as celery_app

from .factories import OrganizationFactory, StaffFactory, UserFactory


def pytest_configure(config):
    # Tests run Celery tasks in-process unless a test asks for a real worker.
    celery_app.conf.task_always_eager = True
    # Tests talk plain HTTP to the test client and to local live servers: set before any
    # live server builds its middleware (SecurityMiddleware reads these once).
    django_settings.SECURE_SSL_REDIRECT = False
    django_settings.SECURE_HSTS_SECONDS = 0
    django_settings.SESSION_COOKIE_SECURE = False
    django_settings.CSRF_COOKIE_SECURE = False
    django_settings.LANGUAGE_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.SITE_URL = "http://testserver"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # The page cache is on in every test: the suite's "act, then look" steps prove that
        # each change invalidates the pages it shows on (portal/page_cache.py).
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "pt-br"
    # Rate-limit counters live in the cache: every test starts with a clean slate.
    cache.clear()
    caches["pages"].clear()
    # Nor does a broker failure of the previous test hold back this one's publishing.
    queue.reset()


@pytest.fixture
def page_cache_off(settings):
    """For tests that measure what rendering a page costs (not what serving it again costs)."""
    settings.CACHES = {**settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Acme Ltda")


@pytest.fixture
def customer(organization):
    return UserFactory(
        username="ana",
        email="ana@acme.example.com",
        first_name="Ana",
        last_name="Souza",
        organization=organization,
    )


@pytest.fixture
def colleague(organization):
    return UserFactory(
        username="bruno",
        email="bruno@acme.example.com",
        first_name="Bruno",
        last_name="Lima",
        organization=organization,
    )


@pytest.fixture
def stranger(db):
    return UserFactory(username="outro", email="outro@rival.example.com", organization=OrganizationFactory())


@pytest.fixture
def staff(db):
    return StaffFactory(
        username="equipe", email="equipe@portal.example.com", first_name="Carla", last_name="Mendes"
    )


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def deliver_outbox(mailoutbox):
    """Send what the outbox holds (as the Celery worker would) and return the sent mails.

    Tests run inside a transaction that never commits, so on_commit enqueueing does not
    fire; this plays the worker's part explicitly.
    """

    def deliver():
        # "Esqueci minha senha" requests first: the worker turns them into outbox rows.
        for pk in PasswordResetRequest.objects.values_list("pk", flat=True):
            password_reset_request_process(request_id=pk)
        for pk in OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING).values_list(
            "pk", flat=True
        ):
            outbox_deliver(email_id=pk)
        return mailoutbox

    return deliver
