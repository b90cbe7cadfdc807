"""`check --deploy` flags settings that work locally and fail quietly in production."""

import pytest
from django.core.checks import run_checks

PRODUCTION = {
    "DEBUG": False,
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SITE_URL": "https://portal.example.com",
    "ALLOWED_HOSTS": ["portal.example.com"],
}


def portal_warnings(*, deploy=True) -> set[str]:
    return {m.id for m in run_checks(include_deployment_checks=deploy) if m.id.startswith("portal.")}


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    return settings


def test_a_production_configuration_passes(production):
    assert portal_warnings() == set()


@pytest.mark.parametrize(
    "backend",
    [
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
    ],
)
def test_console_or_locmem_email_with_debug_off(production, backend):
    production.EMAIL_BACKEND = backend
    assert portal_warnings() == {"portal.W001"}


def test_empty_redis_url_with_debug_off(production):
    production.REDIS_URL = ""
    assert portal_warnings() == {"portal.W002"}


def test_site_url_not_https(production):
    production.SITE_URL = "http://portal.example.com"
    assert portal_warnings() == {"portal.W003"}


def test_allowed_hosts_with_a_wildcard(production):
    production.ALLOWED_HOSTS = ["portal.example.com", "*"]
    assert portal_warnings() == {"portal.W004"}


def test_development_with_debug_on_is_not_nagged_about_email_or_redis(production):
    production.DEBUG = True
    production.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    production.REDIS_URL = ""
    assert portal_warnings() == set()


def test_only_check_deploy_runs_them(production):
    production.ALLOWED_HOSTS = ["*"]
    production.REDIS_URL = ""
    assert portal_warnings(deploy=False) == set()
