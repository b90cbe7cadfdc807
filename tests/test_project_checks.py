"""Production settings and migrations stay clean (run as separate processes, like an operator would)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env=None, unset=()):
    # Test-only variables (e.g. DJANGO_ALLOW_ASYNC_UNSAFE for browser tests) are not production.
    unset = (*unset, "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "portal.example.com",
            "SITE_URL": "https://portal.example.com",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "EMAIL_URL": "smtp+tls://portal:secret@smtp.example.com:587",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_what_only_works_locally():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "*",
            "SITE_URL": "http://portal.example.com",
            "REDIS_URL": "",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        },
        unset=("EMAIL_URL",),
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for check in ("portal.W001", "portal.W002", "portal.W003", "portal.W004"):
        assert check in output, output


def test_check_deploy_flags_the_development_secret_key():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={"DEBUG": "0"}, unset=("SECRET_KEY",))
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_no_model_changes_without_migrations():
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
