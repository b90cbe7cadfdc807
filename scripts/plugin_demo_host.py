#!/usr/bin/env python3
"""Play a host system locally: a page with the portal's "Alguma dúvida?" button, and the
backend endpoint that mints the plugin token (see docs/plugin.md). Standard library + PyJWT.
"""

import argparse
import contextlib
import html
import os
import ssl
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

EPILOG = """\
The integration's allowed origins must contain this page's exact origin, and the admin only
accepts https origins (as production requires), so serve the demo over https with a
self-signed certificate (the demo integration of `make run` allows https://localhost:8001):

  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \\
      -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \\
      -keyout /tmp/demo-host-key.pem -out /tmp/demo-host-cert.pem
  python scripts/plugin_demo_host.py ... --tls-cert /tmp/demo-host-cert.pem \\
      --tls-key /tmp/demo-host-key.pem

then open https://localhost:8001/ and accept the certificate warning once. Key: admin >
Plugin de acesso rápido > Integrações > the integration > "Criar uma nova chave de
assinatura" (--secret may be left out when PORTAL_PLUGIN_SECRET is set). Use a private window:
signing in through the plugin replaces that browser's portal session (your admin login).
"""

HOST_JS = """\
// The host's own JS file (no inline script): the loader calls this to get a fresh token.
window.getPortalToken = () =>
  fetch("/token", { cache: "no-store", credentials: "same-origin" }).then((r) =>
    r.ok ? r.text() : Promise.reject(new Error("token endpoint: HTTP " + r.status)),
  );
"""

PAGE = """\
<!doctype html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<title>ERP de demonstração · Emissão de NF-e</title>
<script src="/host.js"></script>
<script src="{portal}/static/plugin/loader-v1.js" defer
        data-integration="{integration}"
        data-token-callback="getPortalToken"
        data-label="Alguma dúvida?"></script>
</head>
<body>
<h1>ERP de demonstração</h1>
<p>Faturamento › Emissão de NF-e (signed in here as {email})</p>
<p>Click “Alguma dúvida?” at the bottom right: a popup signs you in to the portal.</p>
</body>
</html>
"""
PAGE_FIELDS = ("portal", "integration", "email")


def mint(args, page_url: str) -> str:
    """What the host's backend does for its logged-in user (here: always --email)."""
    now = int(time.time())
    claims = {
        "iss": args.integration,
        "aud": args.portal,
        "sub": "demo-" + args.email,
        "email": args.email,
        "name": "Ana Souza",
        "iat": now,
        "exp": now + 60,
        "jti": str(uuid.uuid4()),
        "ctx": {"module": "Faturamento", "screen": "Emissão de NF-e", "version": "demo", "url": page_url},
    }
    return jwt.encode(claims, args.secret, algorithm="HS256", headers={"kid": args.kid})


class Handler(BaseHTTPRequestHandler):
    args: argparse.Namespace
    scheme: str

    def send(self, body: str, content_type: str, headers: dict | None = None) -> None:
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path, portal = self.path.split("?")[0], self.args.portal
        if path == "/":
            csp = (
                f"default-src 'self'; script-src 'self' {portal}; style-src 'self' {portal}; "
                f"form-action {portal}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
            )
            # "origin": an https page posting to a plain-http portal (`make run`) would send
            # `Origin: null` under the default policy, and the portal would refuse it.
            headers = {"Content-Security-Policy": csp, "Referrer-Policy": "origin"}
            page = PAGE.format(**{k: html.escape(getattr(self.args, k)) for k in PAGE_FIELDS})
            self.send(page, "text/html", headers)
        elif path == "/host.js":
            self.send(HOST_JS, "text/javascript")
        elif path == "/token":
            page_url = f"{self.scheme}://{self.headers.get('Host', 'localhost')}/"
            self.send(mint(self.args, page_url), "text/plain")
        else:
            self.send_error(404)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, epilog=EPILOG, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--portal", required=True, help="the portal's SITE_URL, exactly (the token's aud)")
    parser.add_argument("--integration", required=True, help="the integration's public id (int_...)")
    parser.add_argument("--kid", required=True, help="the signing key's id (key_...)")
    parser.add_argument("--secret", default=os.environ.get("PORTAL_PLUGIN_SECRET"), help="its secret")
    parser.add_argument("--email", required=True, help="e-mail of a customer of the integration's company")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--tls-cert", help="PEM certificate: serve https (see below)")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    args = parser.parse_args()
    if not args.secret:
        parser.error("--secret (or PORTAL_PLUGIN_SECRET) is required")
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    args.portal = args.portal.rstrip("/")

    scheme = "https" if args.tls_cert else "http"
    origin = f"{scheme}://localhost:{args.port}"
    Handler.args, Handler.scheme = args, scheme
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    if args.tls_cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"Demo host page: {origin}/  (Ctrl+C to stop)")
    print(f"The integration's allowed origins must contain exactly: {origin}")
    if scheme == "http":
        print("Note: the admin only accepts https origins (production requires https): see --help for TLS.")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
