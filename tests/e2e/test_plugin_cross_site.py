"""The "Alguma dúvida?" plugin across sites, as a customer's ERP embeds it: the ERP on
https://localhost (strict CSP, no inline script) loads the portal's loader from
https://127.0.0.1, third-party cookies are blocked, and the button opens a popup into which
the ERP form-POSTs a token its backend minted. Ana finds the article for her screen, opens a
chamado that carries the screen's context; expired and replayed tokens are refused."""

import contextlib
import ipaddress
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connections
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from accounts.models import User
from plugin.models import Integration, PersonLink, UsedToken
from plugin.services import signing_key_create
from tests.e2e.helpers import CHROMIUM, QUIET_FLAGS
from tests.factories import OrganizationFactory, UserFactory
from tests.helpers import default_sector
from tests.kb.factories import ArticleFactory, CategoryFactory
from tests.plugin.helpers import mint
from tickets.models import Ticket

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Faturamento: emissão de NF-e com certificado A1"
OTHER_SYSTEM_TITLE = "Faturamento no sistema de folha"
BUTTON = "Alguma dúvida?"
FIXED_JTI = "erp-token-reused"


# TLS: one self-signed certificate for both sites -----------------------------------------


@pytest.fixture
def tls(tmp_path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1 and localhost
    (Chromium runs with --ignore-certificate-errors)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context


def serve_tls(server, tls: ssl.SSLContext) -> None:
    # The handshake happens on the first read, in the request's own thread: a connection
    # that never says hello cannot hold up the accept loop.
    server.socket = tls.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)


# The portal on https://127.0.0.1 ---------------------------------------------------------


class HTTPSRequestHandler(WSGIRequestHandler):
    """Behind TLS, as in production (where the proxy says so): request.is_secure() is true,
    so CSRF compares the browser's https Origin with an https origin."""

    def get_environ(self):
        environ = super().get_environ()
        environ["HTTPS"] = "on"  # wsgiref turns this into wsgi.url_scheme = "https"
        return environ

    def log_message(self, format, *args):  # quiet, like LiveServerThread's handler
        pass


class PortalServer(ThreadedWSGIServer):
    """Request threads hold the test's in-memory SQLite connection until they close it, so
    server_close() waits for every one of them (not daemons here), after hanging up on the
    keep-alive connections a browser may still hold."""

    daemon_threads = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_connections = set()
        self.open_connections_lock = threading.Lock()

    def process_request(self, request, client_address):
        with self.open_connections_lock:
            self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        with self.open_connections_lock:
            self.open_connections.discard(request)
        super().shutdown_request(request)

    def server_close(self):
        with self.open_connections_lock:
            for connection in self.open_connections:
                # Below TLS: the handler's pending read ends as a clean end of stream.
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(connection, socket.SHUT_RDWR)
        super().server_close()


@pytest.fixture
def portal(transactional_db, settings, tls):
    """The portal served in-process over HTTPS, sharing the test database the way
    LiveServerThread does (in-memory SQLite connections are handed to the server's threads)."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    # Production cookie flags (the suite turns Secure off for its plain-HTTP live server).
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    overrides = {
        conn.alias: conn for conn in connections.all() if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    server = PortalServer(
        ("127.0.0.1", 0), HTTPSRequestHandler, allow_reuse_address=False, connections_override=overrides
    )
    serve_tls(server, tls)
    url = f"https://127.0.0.1:{server.server_address[1]}"
    settings.SITE_URL = url  # tokens' `aud`
    server.set_app(StaticFilesHandler(WSGIHandler()))
    for conn in overrides.values():
        conn.inc_thread_sharing()

    def run():
        for alias, conn in overrides.items():
            connections[alias] = conn
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="portal-https", daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()  # joins the request threads
    thread.join()
    for conn in overrides.values():
        conn.dec_thread_sharing()


# The customer's ERP on https://localhost -------------------------------------------------


HOST_JS = (
    "window.getPortalToken = function () {\n"
    "  return fetch('/token' + location.search).then(function (r) { return r.text(); });\n"
    "};\n"
)


class ErpHandler(BaseHTTPRequestHandler):
    """The ERP: a page with no inline script under a strict CSP, its own script, and its
    backend's token endpoint (`?mode=expired`, `?mode=fixed` for the refusals)."""

    def do_GET(self):
        parts = urlsplit(self.path)
        if parts.path == "/":
            self.reply(self.server.page, "text/html; charset=utf-8", csp=self.server.csp)
        elif parts.path == "/host.js":
            self.reply(HOST_JS, "text/javascript; charset=utf-8")
        elif parts.path == "/token":
            mode = parse_qs(parts.query).get("mode", [""])[0]
            self.reply(self.server.token(mode), "text/plain; charset=utf-8")
        else:
            self.send_error(404)

    def reply(self, body: str, content_type: str, csp: str = ""):
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if csp:
            self.send_header("Content-Security-Policy", csp)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


@dataclass
class Erp:
    url: str
    integration: Integration
    customer: User


@pytest.fixture
def erp(portal, tls):
    """Acme's ERP, its integration with a signing key, Ana (its user and a portal customer),
    a published article of the ERP's system about Faturamento and one of another system."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), ErpHandler)
    serve_tls(server, tls)
    url = f"https://localhost:{server.server_address[1]}"

    default_sector()
    organization = OrganizationFactory(name="Acme Ltda")
    customer = UserFactory(
        username="ana",
        email="ana@acme.example.com",
        first_name="Ana",
        last_name="Souza",
        organization=organization,
    )
    system = CategoryFactory(name="ERP Fiscal", slug="erp-fiscal")
    ArticleFactory(
        category=system,
        title=TITLE,
        slug="faturamento-emissao-de-nf-e",
        summary="Como emitir a NF-e no módulo Faturamento.",
        body="## Certificado\n\nInstale o certificado A1 antes de emitir a nota.",
    )
    ArticleFactory(title=OTHER_SYSTEM_TITLE, body="## Faturamento\n\nOutro sistema.")
    integration = Integration.objects.create(
        organization=organization, system=system, name="ERP da Acme", allowed_origins=url
    )
    key, secret = signing_key_create(integration=integration)
    assert key.integration.public_id == integration.public_id  # cached: no query from the ERP's thread

    def token(mode: str) -> str:
        now = int(time.time())
        claims = {
            "aud": portal,
            "sub": "erp-user-42",
            "email": customer.email,
            "name": "Ana Souza",
            "ctx": {
                "module": "Faturamento",
                "screen": "Emissão de NF-e",
                "version": "8.2.1",
                "url": f"{url}/nfe/nova",
            },
        }
        if mode == "expired":
            claims.update(iat=now - 600, exp=now - 540)
        elif mode == "fixed":
            claims.update(jti=FIXED_JTI)
        return mint(key, secret, **claims)

    server.token = token
    server.csp = (
        f"default-src 'self'; script-src 'self' {portal}; style-src 'self' {portal}; "
        f"form-action {portal}; connect-src 'self'; frame-ancestors 'none'"
    )
    server.page = (
        '<!doctype html>\n<html lang="pt-BR">\n<head>\n<meta charset="utf-8">\n'
        "<title>ERP Acme · Emissão de NF-e</title>\n"
        '<script src="/host.js" defer></script>\n'
        f'<script src="{portal}/static/plugin/loader-v1.js" defer '
        f'data-integration="{integration.public_id}" data-token-callback="getPortalToken" '
        'data-color="#0a58ca"></script>\n'
        "</head>\n<body>\n<h1>Emissão de NF-e</h1>\n</body>\n</html>\n"
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Erp(url=url, integration=integration, customer=customer)
    server.shutdown()
    server.server_close()
    thread.join()


# The browser: Debian's Chromium, certificates ignored, third-party cookies blocked --------


@pytest.fixture(scope="module")
def cross_site_browser(playwright):
    # Its own browser: the suite's session-wide one has neither of these flags.
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*QUIET_FLAGS, "--ignore-certificate-errors", "--test-third-party-cookie-phaseout"],
    )
    yield browser
    browser.close()


@pytest.fixture
def new_context(cross_site_browser, erp):
    """Fresh browser profiles (contexts); closed before the servers stop."""
    contexts = []

    def make():
        context = cross_site_browser.new_context(locale="pt-BR")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def open_erp(context, erp: Erp, query: str = ""):
    """The ERP's screen in a new tab, with third-party cookies blocked for it."""
    page = context.new_page()
    try:
        cdp = context.new_cdp_session(page)
        cdp.send(
            "Network.setCookieControls",
            {
                "enableThirdPartyCookieRestriction": True,
                "disableThirdPartyCookieMetadata": False,
                "disableThirdPartyCookieHeuristics": True,
            },
        )
    except PlaywrightError:
        # An older Chromium without Network.setCookieControls: the launch flag
        # --test-third-party-cookie-phaseout still blocks them.
        pass
    page.goto(f"{erp.url}/{query}")
    return page


def plugin_button(page):
    button = page.get_by_role("button", name=BUTTON)
    # The portal's stylesheet reached the Shadow DOM through the ERP's style-src.
    expect(button).to_have_css("position", "fixed")
    return button


def open_popup(page, erp: Erp, portal: str, *, keyboard: bool = False):
    """Click "Alguma dúvida?" (or press Enter on the focused button); returns the popup, into
    which the ERP's page POSTs the token its backend answers."""
    with page.expect_popup() as popup_info:
        if keyboard:
            page.keyboard.press("Enter")
        else:
            plugin_button(page).click()
    return popup_info.value


# The journeys ----------------------------------------------------------------------------


def test_customer_gets_help_and_opens_a_ticket_from_her_erp(new_context, erp, portal):
    context = new_context()
    urls = []
    context.on("request", lambda request: urls.append((request.method, request.url)))
    erp_page = open_erp(context, erp)
    csp_errors = []
    erp_page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    expect(erp_page.locator("[data-portal-plugin]")).to_have_attribute(
        "data-portal-plugin", erp.integration.public_id
    )

    # The button is reachable from the keyboard and opens the popup with Enter.
    button = plugin_button(erp_page)
    erp_page.keyboard.press("Tab")
    expect(button).to_be_focused()
    popup = open_popup(erp_page, erp, portal, keyboard=True)

    # Signed in by the token: articles of the ERP's system for the module come first.
    expect(popup).to_have_url(f"{portal}/plugin/")
    results = popup.get_by_test_id("plugin-results")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()
    expect(results).not_to_contain_text(OTHER_SYSTEM_TITLE)
    expect(popup.get_by_test_id("plugin-user")).to_have_text("Ana Souza")
    portal_cookies = {cookie["name"]: cookie for cookie in context.cookies(portal)}
    assert "sessionid" in portal_cookies, portal_cookies
    assert portal_cookies["sessionid"]["secure"] and portal_cookies["sessionid"]["sameSite"] == "Lax"
    assert not [cookie for cookie in context.cookies(erp.url) if cookie["name"] == "sessionid"]

    # She searches.
    search_box = popup.locator("#plugin-q")
    search_box.fill("certificado")
    search_box.press("Enter")
    expect(popup).to_have_url(f"{portal}/plugin/?q=certificado")
    expect(results.get_by_role("link", name=TITLE)).to_be_visible()

    # She opens a chamado, which shows (and will carry) where she was.
    popup.get_by_role("link", name="Abrir chamado").click()
    expect(popup).to_have_url(re.compile(r"/plugin/chamado/(\?.*)?$"))
    where = popup.get_by_test_id("plugin-context")
    expect(where).to_contain_text("Faturamento")
    expect(where).to_contain_text("Emissão de NF-e")
    popup.locator("[name=subject]").fill("Rejeição 539 ao emitir NF-e")
    popup.locator("[name=description]").fill("Ao transmitir a nota aparece a rejeição 539.")
    popup.get_by_role("button", name="Abrir chamado").click()
    expect(popup.get_by_test_id("ticket-number")).to_be_visible()

    ticket = Ticket.objects.get()
    expect(popup.get_by_test_id("ticket-number")).to_have_text(ticket.display_number)
    assert (ticket.channel, ticket.integration, ticket.customer) == ("plugin", erp.integration, erp.customer)
    assert (ticket.origin_module, ticket.origin_screen, ticket.origin_version) == (
        "Faturamento",
        "Emissão de NF-e",
        "8.2.1",
    )
    assert ticket.origin_url.endswith("/nfe/nova")
    assert ticket.subject == "Rejeição 539 ao emitir NF-e"

    # The token went by a cross-site form POST into the popup, never in a URL.
    assert ("POST", f"{portal}/plugin/entrar/") in urls
    assert not [url for _method, url in urls if "eyJ" in url]
    assert csp_errors == []


def test_expired_token_is_refused(new_context, erp, portal):
    users = User.objects.count()
    context = new_context()

    popup = open_popup(open_erp(context, erp, "?mode=expired"), erp, portal)

    expect(popup.get_by_test_id("plugin-refused")).to_have_attribute("data-reason", "expired")
    assert "sessionid" not in {cookie["name"] for cookie in context.cookies()}
    assert User.objects.count() == users
    assert not Ticket.objects.exists() and not PersonLink.objects.exists()
    assert not UsedToken.objects.exists()


def test_replayed_token_is_refused_in_another_browser(new_context, erp, portal):
    users = User.objects.count()

    first = open_popup(open_erp(new_context(), erp, "?mode=fixed"), erp, portal)
    expect(first).to_have_url(f"{portal}/plugin/")
    expect(first.get_by_test_id("plugin-user")).to_be_visible()

    # Another browser (no session) presents a token with the same id.
    elsewhere = new_context()
    second = open_popup(open_erp(elsewhere, erp, "?mode=fixed"), erp, portal)

    expect(second.get_by_test_id("plugin-refused")).to_have_attribute("data-reason", "replayed")
    assert "sessionid" not in {cookie["name"] for cookie in elsewhere.cookies()}
    assert User.objects.count() == users
    assert list(UsedToken.objects.values_list("jti", flat=True)) == [FIXED_JTI]
    assert PersonLink.objects.count() == 1 and not Ticket.objects.exists()
