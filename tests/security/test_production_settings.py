"""What production gets when DEBUG is off (settings read from a production-like environment,
in-process), and the cookies a real sign-in sets with those flags."""

import runpy
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD

SETTINGS_FILE = Path(django_settings.BASE_DIR) / "portal" / "settings.py"
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "portal.example.com",
    "SITE_URL": "https://portal.example.com",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


@pytest.fixture
def production(monkeypatch):
    for name in [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "STATIC_MANIFEST",
    ]:
        monkeypatch.delenv(name, raising=False)
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def test_cookies_are_secure_httponly_and_samesite(production):
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True
    assert production["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_HTTPONLY"] is True
    assert production["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")


def test_https_is_enforced(production):
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SITE_URL"].startswith("https://")


def test_rate_limits_are_on_with_a_shared_cache(production, monkeypatch):
    assert production.get("ACCOUNT_RATE_LIMITS", {}) is not False
    assert "login_failed" not in production.get("ACCOUNT_RATE_LIMITS", {})  # allauth's defaults apply
    assert "redis" in production["CACHES"]["default"]["BACKEND"].lower()
    # Without CACHE_URL the cache is the database (shared by every process), never DummyCache.
    monkeypatch.delenv("CACHE_URL")
    default = runpy.run_path(str(SETTINGS_FILE))["CACHES"]["default"]["BACKEND"]
    assert "dummy" not in default.lower() and "locmem" not in default.lower()
    assert default == "django.core.cache.backends.db.DatabaseCache"


def test_trusted_proxy_count_comes_from_the_environment(production, monkeypatch):
    assert production["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0
    monkeypatch.setenv("ALLAUTH_TRUSTED_PROXY_COUNT", "1")
    assert runpy.run_path(str(SETTINGS_FILE))["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1


def test_uploads_are_capped(production):
    assert production["DATA_UPLOAD_MAX_NUMBER_FILES"] < 100  # Django's default
    assert production["ATTACHMENT_MAX_FILES"] <= production["DATA_UPLOAD_MAX_NUMBER_FILES"]
    assert production["ATTACHMENT_MAX_BYTES"] <= 10 * 1024 * 1024
    assert production["AVATAR_MAX_BYTES"] <= 5 * 1024 * 1024


@pytest.mark.django_db
def test_sign_in_sets_only_flagged_cookies(client, customer, settings):
    # tests/conftest.py turns the Secure flags off for plain-HTTP test servers: back on here.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client.get(reverse("account_login"), secure=True)  # sets the CSRF cookie

    response = client.post(reverse("account_login"), {"login": "ana", "password": TEST_PASSWORD}, secure=True)

    assert response.status_code == 302
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
