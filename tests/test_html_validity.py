"""The HTML-validity gate: every customer-facing page parses with no error under html5lib's strict
WHATWG parser (unclosed or stray tags, duplicate attributes, a `<div>` where a `<p>` cannot hold it,
a missing doctype...), and has none of the few content-model and id mistakes a validator reports
that a parser lets through (a form inside a heading, a button inside a link, an id used twice, a
label for a missing field).

Walked over HTTP with the test client, as an anonymous visitor, a customer in pt-BR and in English
(forms showing their errors too), a new customer (empty states), a staff member (and each admin
page) and in the plugin's popup, on the demo data so pages show real content. The first test is
the control: the gate refuses a broken page.
"""

import html5lib
import pytest
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import include, path, reverse

from accounts.demo import DEMO_PASSWORD
from accounts.management.commands.demo_data import DEMO_LOADERS
from accounts.services import email_change_url, password_set_url
from ideas.models import Idea
from kb.models import Article, Category
from notifications.models import Notification
from plugin.models import Integration
from plugin.services import signing_key_create
from projects.models import Project
from tests.factories import TEST_PASSWORD, StaffFactory, UserFactory, two_factor_enable
from tests.plugin.helpers import HOST, mint, sign_in
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def html_problems(html: str, *, references: bool = True) -> list[str]:
    """html5lib's parse errors (one line each: line, column, the source line), then the
    content-model and id mistakes below.

    A parser in strict mode raises on the first parse error; collecting them instead reports every
    error of a page at once, with the same verdict (a page passes only with none)."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    tree = parser.parse(html)
    lines = html.splitlines()
    problems = []
    for (line, column), code, data in parser.errors:
        source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
        problems.append(f"{line}:{column} {code} {data or ''}\n      {source[:160]}")
    return problems + content_model_errors(tree) + (reference_errors(tree) if references else [])


# Elements that hold phrasing content only (a validator refuses a block inside them), the
# interactive elements that may not nest, and the blocks most often put where they cannot go.
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
PHRASING_ONLY = {"span", "button", "label", "strong", "em", "small", "b", "i", "code", *HEADINGS}
PHRASING_ONLY.add("p")
INTERACTIVE = {"a", "button", "select", "textarea", "details", "label"}
FLOW_ONLY = {"div", "p", "ul", "ol", "dl", "table", "form", "section", "article", "nav", "aside", *HEADINGS}
FLOW_ONLY |= {"header", "footer", "hr", "blockquote", "pre", "figure", "fieldset", "main"}


def content_model_errors(tree) -> list[str]:
    """The content-model mistakes a validator reports and a parser lets through: a block in an
    element that holds only phrasing content, interactive content inside a link or button, a list
    whose children are not list items."""
    problems = []

    def walk(element, ancestors):
        tag = element.tag
        if not isinstance(tag, str):
            return
        if tag in FLOW_ONLY and (
            holder := next((a for a in reversed(ancestors) if a in PHRASING_ONLY), None)
        ):
            problems.append(f"<{tag}> inside <{holder}>")
        if (tag in INTERACTIVE or (tag == "input" and element.get("type") != "hidden")) and (
            holder := next((a for a in reversed(ancestors) if a in {"a", "button"}), None)
        ):
            problems.append(f"<{tag}> inside <{holder}>")
        if tag in {"ul", "ol"}:
            problems.extend(
                f"<{child.tag}> directly in <{tag}>"
                for child in element
                if isinstance(child.tag, str) and child.tag not in {"li", "script", "template"}
            )
        for child in element:
            walk(child, [*ancestors, tag])

    walk(tree, [])
    return problems


def reference_errors(tree) -> list[str]:
    """What a validator reports beyond the parser: an id used twice, and a label, ARIA
    reference or in-page link pointing at an id that is not on the page."""
    ids: dict[str, int] = {}
    for element in tree.iter():
        if isinstance(element.tag, str) and (value := element.get("id")) is not None:
            ids[value] = ids.get(value, 0) + 1
    problems = [f"id {value!r} used {count} times" for value, count in ids.items() if count > 1]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        wanted = []
        if element.tag == "label" and element.get("for"):
            wanted.append(("for", element.get("for")))
        for attribute in ("aria-labelledby", "aria-describedby", "aria-controls"):
            wanted += [(attribute, value) for value in (element.get(attribute) or "").split()]
        href = element.get("href") or ""
        if element.tag == "a" and href.startswith("#") and len(href) > 1:
            wanted.append(("href", href[1:]))
        problems += [
            f"<{element.tag} {attribute}={value!r}> points at no element"
            for attribute, value in wanted
            if value not in ids
        ]
    return problems


def test_a_strict_parser_refuses_what_the_gate_is_meant_to_catch():
    """The control case: the gate sees a stray closing tag, a missing doctype, a duplicate
    attribute; and a strict parser refuses each."""
    good = "<!doctype html><html lang=en><head><title>t</title></head><body><p>ok</p></body></html>"
    assert html_problems(good) == []
    for broken in [
        good.replace("<p>ok</p>", "<p>ok</p></div>"),
        good.replace("<!doctype html>", ""),
        good.replace("<p>ok", '<p class="a" class="b">ok'),
        good.replace("<p>ok</p>", "<a href=/><a href=/>x</a></a>"),
        good.replace("<p>ok</p>", "<p>ok<div>block</div></p>"),
    ]:
        assert html_problems(broken), broken
        with pytest.raises(html5lib.html5parser.ParseError):
            html5lib.HTMLParser(strict=True).parse(broken)
    for broken in [
        good.replace("<p>ok</p>", '<p id="x">ok</p><p id="x">again</p>'),
        good.replace("<p>ok</p>", '<label for="nope">Name</label><input id="name">'),
        good.replace("<p>ok</p>", '<input aria-describedby="help">'),
        good.replace("<p>ok</p>", '<a href="#main">Skip</a>'),
        good.replace("<p>ok</p>", "<span><div>block</div></span>"),
        good.replace("<p>ok</p>", "<a href=/><button>x</button></a>"),
        good.replace("<p>ok</p>", "<ul><div>x</div></ul>"),
    ]:
        assert html_problems(broken), broken


@pytest.fixture
def demo(db):
    """The demo data (make run's): ana and bruno of Acme, tickets with messages, attachments and
    internal notes, projects with updates, ideas, the knowledge base, notifications."""
    ctx: dict = {}
    for load in DEMO_LOADERS:
        load(ctx)
    return ctx


Page = tuple[str, str, str, dict | None, int]  # name, method, URL, POST data, final status


def check(client: Client, pages: list[Page], who: str, *, references: bool = True) -> list[str]:
    """Each page's problems, prefixed by who looked at which page; redirects are followed (a
    form's success or the login it leads to is a page too)."""
    problems = []
    for name, method, url, data, expected in pages:
        if method == "post":
            response = client.post(url, data or {}, follow=True)
        else:
            response = client.get(url, follow=True)
        if response.status_code != expected:
            problems.append(f"[{who} {name}] {url}: status {response.status_code}, expected {expected}")
            continue
        assert response["Content-Type"].startswith("text/html"), (name, response["Content-Type"])
        problems += [
            f"[{who} {name}] {url}: {line}"
            for line in html_problems(response.content.decode(), references=references)
        ]
    return problems


def kb_pages() -> list[Page]:
    article = Article.objects.published().filter(visibility=Article.Visibility.PUBLIC).first()
    system = Category.objects.filter(parent__isnull=True).first()
    section = Category.objects.filter(parent__isnull=False).first()
    return [
        ("kb-home", "get", reverse("kb:home"), None, 200),
        ("kb-search", "get", reverse("kb:search") + "?q=nota", None, 200),
        ("kb-search-nothing", "get", reverse("kb:search") + "?q=zzzzzz", None, 200),
        ("kb-category", "get", system.get_absolute_url(), None, 200),
        ("kb-section", "get", section.get_absolute_url(), None, 200),
        ("kb-article", "get", article.get_absolute_url(), None, 200),
        ("privacy-notice", "get", reverse("privacy_notice"), None, 200),
        ("not-found", "get", "/pagina-que-nao-existe/", None, 404),
    ]


def test_anonymous_pages_are_valid_html(client, demo):
    first_access = client.get(password_set_url(demo["ana"]), follow=True).redirect_chain[-1][0]
    login = reverse("account_login")
    reset = reverse("account_reset_password")
    pages: list[Page] = [
        *kb_pages(),
        ("login", "get", login, None, 200),
        ("login-errors", "post", login, {"login": "ana", "password": "errada"}, 200),
        ("password-reset", "get", reset, None, 200),
        ("password-reset-errors", "post", reset, {"email": "x"}, 200),
        ("password-reset-done", "post", reset, {"email": "ana@acme.example.com"}, 200),
        ("password-reset-bad-link", "get", "/conta/password/reset/key/zz-zz/", None, 200),
        ("first-access", "get", first_access, None, 200),
        ("first-access-errors", "post", first_access, {"password1": "a", "password2": "b"}, 200),
        ("signup-closed", "get", reverse("account_signup"), None, 200),
        ("plugin-refused", "post", reverse("plugin:sign_in"), {"token": "x"}, 403),
        ("plugin-refused-malformed", "post", reverse("plugin:sign_in"), {}, 400),
    ]
    problems = check(client, pages, "anonymous")

    # Staff sign in with a second factor: allauth's second step, then with a wrong code.
    StaffFactory(username="carla")
    response = client.post(login, {"login": "carla", "password": TEST_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    problems += check(
        client,
        [
            ("second-factor", "get", reverse("mfa_authenticate"), None, 200),
            ("second-factor-errors", "post", reverse("mfa_authenticate"), {"code": "000000"}, 200),
        ],
        "anonymous",
    )
    assert not problems, "\n".join(problems)


def customer_pages(ana) -> list[Page]:
    project = Project.objects.filter(organization=ana.organization).first()
    update = project.updates.first()
    idea = Idea.objects.published().first()
    notification = Notification.objects.filter(recipient=ana).first()
    pages: list[Page] = [
        *kb_pages(),
        ("dashboard", "get", reverse("dashboard"), None, 200),
        ("tickets", "get", reverse("tickets:list"), None, 200),
        ("tickets-filtered", "get", reverse("tickets:list") + "?situacao=resolvido&q=nota", None, 200),
        ("ticket-create", "get", reverse("tickets:create"), None, 200),
        ("ticket-create-errors", "post", reverse("tickets:create"), {}, 200),
        ("projects", "get", reverse("projects:list"), None, 200),
        ("project", "get", project.get_absolute_url(), None, 200),
        (
            "project-comment-errors",
            "post",
            reverse("projects:comment", args=[project.pk, update.pk]),
            {},
            400,
        ),
        ("ideas", "get", reverse("ideas:list"), None, 200),
        ("idea", "get", idea.get_absolute_url(), None, 200),
        ("idea-comment-errors", "post", reverse("ideas:comment", args=[idea.pk]), {}, 400),
        ("idea-suggest", "get", reverse("ideas:suggest"), None, 200),
        ("idea-suggest-errors", "post", reverse("ideas:suggest"), {}, 200),
        ("notifications", "get", reverse("notifications:list"), None, 200),
        ("notifications-unread", "get", reverse("notifications:list") + "?status=unread", None, 200),
        ("notification", "get", notification.get_absolute_url(), None, 200),
        ("activity", "get", reverse("notifications:activity"), None, 200),
        ("my-details", "get", reverse("accounts:profile"), None, 200),
        ("my-details-errors", "post", reverse("accounts:profile"), {"email": "x", "language": "xx"}, 200),
        ("email-change", "get", email_change_url(user=ana, new_email="ana.nova@acme.example.com"), None, 200),
        ("email-change-refused", "get", reverse("accounts:email_change_confirm", args=["x"]), None, 404),
        ("security", "get", reverse("mfa_index"), None, 200),
        ("reauthenticate", "get", reverse("mfa_activate_totp"), None, 200),
        ("sessions", "get", reverse("usersessions_list"), None, 200),
        ("privacy", "get", reverse("privacy:home"), None, 200),
        ("privacy-deletion", "get", reverse("privacy:deletion_request"), None, 200),
        ("password-change", "get", reverse("account_change_password"), None, 200),
        ("password-change-errors", "post", reverse("account_change_password"), {"oldpassword": "x"}, 200),
        ("sign-out", "get", reverse("account_logout"), None, 200),
        ("not-found-ticket", "get", reverse("tickets:detail", args=[999999]), None, 404),
    ]
    for ticket in Ticket.objects.filter(customer=ana).order_by("number"):
        pages += [
            (f"ticket-{ticket.status}", "get", ticket.get_absolute_url(), None, 200),
            (
                f"ticket-{ticket.status}-reply-errors",
                "post",
                reverse("tickets:reply", args=[ticket.number]),
                {},
                200,
            ),
        ]
        if ticket.status == Ticket.Status.RESOLVED:
            rate = reverse("tickets:rate", args=[ticket.number])
            pages += [("ticket-rate", "get", rate, None, 200), ("ticket-rate-errors", "post", rate, {}, 200)]
    return pages


@pytest.mark.parametrize("language", ["pt-br", "en"])
def test_customer_pages_are_valid_html(client, demo, language):
    ana = demo["ana"]
    ana.language = language
    ana.save(update_fields=["language"])
    # A closed ticket too (its page offers a follow-up instead of a reply).
    closed = Ticket.objects.filter(customer=ana).order_by("number").last()
    Ticket.objects.filter(pk=closed.pk).update(status=Ticket.Status.CLOSED)
    client.force_login(ana)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    problems = check(client, customer_pages(ana), f"customer-{language}")

    # With an authenticator app: Segurança after a fresh password (allauth asks again).
    two_factor_enable(ana)
    client.post(reverse("account_reauthenticate"), {"password": DEMO_PASSWORD})
    problems += check(
        client,
        [
            ("security-on", "get", reverse("mfa_index"), None, 200),
            ("recovery-codes", "get", reverse("mfa_view_recovery_codes"), None, 200),
            ("security-keys", "get", reverse("mfa_list_webauthn"), None, 200),
            ("security-key-add", "get", reverse("mfa_add_webauthn"), None, 200),
            ("authenticator-off", "get", reverse("mfa_deactivate_totp"), None, 200),
        ],
        f"customer-{language}",
    )
    assert not problems, "\n".join(problems)


def test_a_new_customers_empty_pages_are_valid_html(client, demo):
    client.force_login(UserFactory())
    pages: list[Page] = [
        ("dashboard", "get", reverse("dashboard"), None, 200),
        ("tickets", "get", reverse("tickets:list"), None, 200),
        ("projects", "get", reverse("projects:list"), None, 200),
        ("ideas", "get", reverse("ideas:list"), None, 200),
        ("notifications", "get", reverse("notifications:list"), None, 200),
        ("notifications-read", "get", reverse("notifications:list") + "?status=read", None, 200),
        ("activity", "get", reverse("notifications:activity"), None, 200),
        ("security", "get", reverse("mfa_index"), None, 200),
        ("activate-authenticator", "get", reverse("mfa_activate_totp"), None, 200),
        ("activate-authenticator-errors", "post", reverse("mfa_activate_totp"), {"code": "1"}, 200),
    ]
    problems = check(client, pages, "new-customer")
    assert not problems, "\n".join(problems)


def test_staff_pages_are_valid_html(client, demo):
    """The portal as staff see it (the team's dashboard) and each admin list, add and change
    page."""
    client.force_login(StaffFactory())
    pages: list[Page] = [
        *kb_pages(),
        ("dashboard", "get", reverse("dashboard"), None, 200),
        ("notifications", "get", reverse("notifications:list"), None, 200),
        ("my-details", "get", reverse("accounts:profile"), None, 200),
    ]
    problems = check(client, pages, "staff")
    # The admin: each list and change page parses cleanly. Its id references are left out:
    # Django's own list_editable and tabular inlines point aria-describedby at help texts they
    # draw as an icon with no id.
    admin_pages: list[Page] = [("admin", "get", reverse("admin:index"), None, 200)]
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        admin_pages.append(
            (f"admin-{info[1]}-list", "get", reverse(f"admin:{info[0]}_{info[1]}_changelist"), None, 200)
        )
        if (first := model._default_manager.order_by("pk").first()) is not None:
            change = reverse(f"admin:{info[0]}_{info[1]}_change", args=[first.pk])
            admin_pages.append((f"admin-{info[1]}", "get", change, None, 200))
    problems += check(client, admin_pages, "staff", references=False)
    assert not problems, "\n".join(problems)


def test_plugin_popup_pages_are_valid_html(client, demo):
    ana = demo["ana"]
    integration = Integration.objects.get(organization=ana.organization)
    integration.allowed_origins = HOST
    integration.save(update_fields=["allowed_origins"])
    key, secret = signing_key_create(integration=integration)
    assert sign_in(client, mint(key, secret)).status_code == 302
    ticket = Ticket.objects.filter(customer=ana).first()
    pages: list[Page] = [
        ("plugin-home", "get", reverse("plugin:home"), None, 200),
        ("plugin-search", "get", reverse("plugin:home") + "?q=nota", None, 200),
        ("plugin-ticket", "get", reverse("plugin:ticket_create"), None, 200),
        ("plugin-ticket-errors", "post", reverse("plugin:ticket_create"), {}, 200),
        ("plugin-ticket-sent", "get", reverse("plugin:ticket_sent", args=[ticket.number]), None, 200),
    ]
    problems = check(client, pages, "plugin")
    assert not problems, "\n".join(problems)


def _forbidden(request):
    raise PermissionDenied


def _broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("proibido/", _forbidden),
    path("quebrado/", _broken),
    path("", include("portal.urls")),
]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "customer"])
def test_error_pages_are_valid_html(demo, signed_in):
    client = Client(raise_request_exception=False)
    if signed_in:
        client.force_login(demo["ana"])
    who = "customer" if signed_in else "anonymous"
    problems = check(
        client,
        [
            ("403", "get", "/proibido/", None, 403),
            ("404", "get", "/pagina-que-nao-existe/", None, 404),
            ("500", "get", "/quebrado/", None, 500),
        ],
        who,
    )
    # A malformed upload is a 400 (a request Django cannot read).
    response = client.generic(
        "POST",
        reverse("plugin:sign_in"),
        b"--xx\r\nContent-Disposition: form-data",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    problems += [f"[{who} 400] {line}" for line in html_problems(response.content.decode())]
    assert not problems, "\n".join(problems)
