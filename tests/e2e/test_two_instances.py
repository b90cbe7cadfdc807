"""Scale-out, proven: two gunicorn instances on two ports, sharing nothing but PostgreSQL (and
Redis as the broker), behave as one portal to a browser. A customer signs in on one and goes on
on the other; a ticket opened on one shows on the other; the message its redirect carries is
shown by the other; failed logins count together against the rate limit."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, OrganizationFactory, UserFactory
from tests.helpers import IN_CI
from tickets.models import Sector, Ticket

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_HOST = "portal.test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (127.0.0.1)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling a process that is starting; the test itself never sleeps
    raise RuntimeError(f"{url} did not answer in {seconds} s")


@pytest.fixture
def two_instances(transactional_db, tmp_path):
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("CI runs on PostgreSQL: the two-instance test must run there")
        pytest.skip("two processes need a shared server database (DATABASE_URL=postgres://...)")
    db = connection.settings_dict
    queue = f"e2e-two-instances-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DEBUG": "0",
        "SECRET_KEY": "two-instances-" + "s" * 50,  # the same key on both, as in production
        "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_MANIFEST": "0",
        "CACHE_URL": "dbcache://portal_cache",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CELERY_QUEUE": queue,
        # Pages cached by an earlier run (same user ids) never answer this one.
        "PAGE_CACHE_KEY_PREFIX": queue,
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    servers, urls = [], []
    try:
        for _ in range(2):
            port = free_port()
            servers.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "portal.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for url, server in zip(urls, servers, strict=True):
            wait_until_up(f"{url}/conta/login/", server)
        yield urls
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        if env.get("REDIS_URL"):
            import redis

            redis.Redis.from_url(env["REDIS_URL"]).delete(queue)


def customer_with_real_password():
    # The instances run production settings (PBKDF2), not the tests' fast hasher.
    customer = UserFactory(username="ana", first_name="Ana", organization=OrganizationFactory(name="Acme"))
    customer.password = PBKDF2PasswordHasher().encode(TEST_PASSWORD, PBKDF2PasswordHasher().salt())
    customer.save(update_fields=["password"])
    return customer


def log_in(page, base_url, password=TEST_PASSWORD):
    page.goto(f"{base_url}/conta/login/")
    page.get_by_label("Nome de usuário ou e-mail").fill("ana")
    page.get_by_label("Senha").fill(password)
    page.get_by_role("button", name="Entrar").click()


def test_two_instances_behave_as_one_portal(page, two_instances):
    first, second = two_instances
    Sector.objects.get_or_create(name="Suporte", defaults={"is_default": True})
    customer_with_real_password()

    # Signed in on the first instance...
    log_in(page, first)
    expect(page).to_have_url(re.compile(r"/painel/$"))
    # The first instance keeps Ana's (empty) list in the page cache shared through Redis.
    for _ in range(2):
        page.goto(f"{first}/chamados/")
        expect(page.get_by_role("heading", name="Meus chamados")).to_be_visible()
    # ...and still signed in on the second: the session lives in the shared database.
    page.goto(f"{second}/chamados/novo/")
    expect(page.get_by_role("heading", name="Abrir chamado")).to_be_visible()

    # A ticket opened on the second; its redirect is followed on the first, which shows the
    # ticket and the "opened" message the second instance left.
    page.get_by_label("Assunto").fill("Pedido aberto no segundo servidor")
    page.get_by_label("Descrição").fill("O portal roda em duas instâncias.")
    form = page.locator("form", has=page.get_by_role("button", name="Abrir chamado"))
    fields = form.evaluate("f => Object.fromEntries(new FormData(f))")
    response = page.request.post(
        f"{second}/chamados/novo/",
        form=fields,
        max_redirects=0,
        headers={"Referer": f"{second}/chamados/novo/"},
    )
    assert response.status == 302
    page.goto(first + response.headers["location"])
    number = Ticket.objects.get().display_number
    expect(page.get_by_text(f"Chamado {number} aberto")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile(f"{number} Pedido aberto no segundo servidor"))
    ).to_be_visible()
    page.goto(f"{second}/chamados/")
    expect(page.get_by_role("link", name=re.compile("Pedido aberto no segundo servidor"))).to_be_visible()
    # The change made on the second instance invalidated what the first one had kept.
    page.goto(f"{first}/chamados/")
    expect(page.get_by_role("link", name=re.compile("Pedido aberto no segundo servidor"))).to_be_visible()


def post_login(base_url: str, password: str) -> str:
    """One sign-in attempt with its own cookies, under the public host name both instances
    serve behind a load balancer (allauth's per-account limit is keyed by that host)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    headers = {"Host": PUBLIC_HOST, "Accept-Language": "pt-BR"}
    with opener.open(urllib.request.Request(f"{base_url}/conta/login/", headers=headers), timeout=20) as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    form = urllib.parse.urlencode(
        {"login": "ana", "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base_url}/conta/login/", data=form, headers=headers)
    try:
        with opener.open(request, timeout=20) as answer:
            return answer.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.read().decode()


def test_failed_logins_count_together_on_both_instances(two_instances):
    first, second = two_instances
    customer_with_real_password()
    # allauth allows 5 failed attempts per account in 5 minutes: 3 on one, 2 on the other...
    for base_url in (first, first, first, second, second):
        assert "estão incorretos" in post_login(base_url, "senha-errada")
    # ...and the sixth is refused on either, even with the right password.
    assert "Muitas tentativas de login falharam" in post_login(first, TEST_PASSWORD)
