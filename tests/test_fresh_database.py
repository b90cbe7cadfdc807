"""A deployment that runs only `migrate` (the universal Django step) gets a working portal:
the database cache behind the sign-in and reset rate limits is created by a migration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # subprocesses on a throwaway database

ROOT = Path(__file__).resolve().parent.parent

PAGES = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(raise_request_exception=False)
print("login", client.get("/conta/login/").status_code)
print("reset", client.get("/conta/password/reset/").status_code)
print("login-post", client.post("/conta/login/", {"login": "ninguem", "password": "x"}).status_code)
print("reset-post", client.post("/conta/password/reset/", {"email": "ninguem@example.com"}).status_code)
"""


def run(args, env):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


@pytest.fixture
def fresh_env(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL")}
    return {
        **environment,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }


def test_only_migrate_serves_login_and_reset(fresh_env):
    migrated = run([sys.executable, "manage.py", "migrate", "--noinput"], fresh_env)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr

    pages = run([sys.executable, "-c", PAGES], fresh_env)

    assert pages.returncode == 0, pages.stderr
    assert pages.stdout.split() == [
        "login",
        "200",
        "reset",
        "200",
        "login-post",
        "200",
        "reset-post",
        "302",
    ], pages.stdout + pages.stderr


def test_createcachetable_after_migrate_is_harmless(fresh_env):
    assert run([sys.executable, "manage.py", "migrate", "--noinput"], fresh_env).returncode == 0

    again = run([sys.executable, "manage.py", "createcachetable"], fresh_env)

    assert again.returncode == 0, again.stdout + again.stderr
