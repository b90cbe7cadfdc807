"""Browser-test helpers: which Chromium, its quiet flags, signing in, links in e-mails."""

import re
import shutil

CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium"]
CHROMIUM = next((path for path in map(shutil.which, CHROMIUM_CANDIDATES) if path), None)
QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def link_from_mail(body: str) -> str:
    """The first http(s) link in a plain-text e-mail body."""
    match = re.search(r"https?://\S+", body)
    assert match, f"no link in e-mail body:\n{body}"
    return match.group(0)


def give_second_factor_code(page) -> None:
    """Staff have an authenticator app (tests.factories): type its current code on allauth's
    second step of the sign-in."""
    from playwright.sync_api import expect

    from tests.helpers import totp_code

    expect(page).to_have_url(re.compile(r"/conta/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code())
    page.locator("form button[type=submit]").first.click()
    # Signed in only once the step's answer arrived: a navigation before it would abort it.
    expect(page).not_to_have_url(re.compile(r"/conta/2fa/authenticate/"))


def log_in(page, base_url, username, next_url="", password=None):
    """Sign in on the portal's login page (pt-BR): `next_url` is appended as is ("?next=...")."""
    from tests.factories import TEST_PASSWORD

    page.goto(f"{base_url}/conta/login/{next_url}")
    page.get_by_label("Nome de usuário ou e-mail").fill(username)
    page.get_by_label("Senha").fill(password or TEST_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
