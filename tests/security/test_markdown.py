"""Team notices are Markdown sanitized with nh3 after rendering: no vector of the usual
bypass lists (django-helpdesk CVE-2021-3994) survives on the customer's page, in the e-mail
or in the staff preview; titles are plain text everywhere."""

import re

import pytest
from django.test import Client

from notifications.markup import markdown_to_text, render_markdown
from notifications.models import Notification
from notifications.services import announcement_send
from tests.notifications.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db

VECTORS = [
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](  javascript:alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](javascript&colon;alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](vbscript:msgbox(1))",
    "[ref][r]\n\n[r]: javascript:alert(2)",
    "[r]\n\n[r]: javascript:alert(2)",
    '[ref][x]\n\n[x]: <javascript:alert(3)> "t"',
    "<javascript:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<script>alert(1)</script>",
    '<a href="https://ok.example.com" onclick="alert(1)">x</a>',
    '<a href="https://ok.example.com" onmouseover=alert(1)>x</a>',
    "<img src=x onerror=alert(1)>",
    "![x](javascript:alert(1))",
    '[a](https://ok.example.com "t" onmouseover=alert(1) x=")',
    "<iframe src=//evil.example.com></iframe>",
    "<object data=//evil.example.com></object>",
    "<form action=//evil.example.com><button>x</button></form>",
    "<details open ontoggle=alert(1)>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<base href=//evil.example.com>",
    '<meta http-equiv="refresh" content="0;url=//evil.example.com">',
]
_DANGEROUS_MARKUP = re.compile(
    r"<(script|svg|img|iframe|object|embed|form|style|base|meta|math|details)\b|\son[a-z]+\s*=|\sstyle\s*=",
    re.IGNORECASE,
)
_DANGEROUS_URL = re.compile(r"(href|src|action)\s*=\s*\"?\s*(javascript|vbscript|data):", re.IGNORECASE)


def dangerous(html: str):
    """Markup that could run, judged outside attribute values (a quoted title may say anything)."""
    without_values = re.sub(r'="[^"]*"', '=""', html)
    return _DANGEROUS_MARKUP.search(without_values) or _DANGEROUS_URL.search(html)


@pytest.mark.parametrize("vector", VECTORS)
def test_render_leaves_nothing_that_runs(vector):
    html = str(render_markdown(vector))
    assert not dangerous(html), html
    assert "javascript:" not in html.lower() and "vbscript:" not in html.lower()
    assert "data:text" not in html


def test_a_title_attribute_cannot_break_out():
    html = str(render_markdown('[a](https://ok.example.com "t" onmouseover=alert(1) x=")'))
    assert re.fullmatch(r'<p><a href="https://ok\.example\.com" title="[^"<>]*" rel="[^"]*">a</a></p>', html)


def test_plain_text_version_is_text():
    text = markdown_to_text("**oi** [a](javascript:alert(1)) <script>alert(1)</script>")
    assert "oi" in text and "javascript" not in text and "<script" not in text


def test_every_vector_through_page_mail_list_bell_and_admin_preview(
    customer_client, customer, staff, deliver_outbox
):
    staff_client = Client()
    staff_client.force_login(staff)
    announcement = AnnouncementFactory(
        title='<script>alert("t")</script> Aviso\r\nBcc: x@evil.example.com',
        body="Leia o **aviso**.\n\n" + "\n\n".join(VECTORS),
    )
    preview = staff_client.get(
        f"/admin/notifications/announcement/{announcement.pk}/change/"
    ).content.decode()
    announcement_send(announcement_id=announcement.pk)
    notification = Notification.objects.get(recipient=customer)
    mail = deliver_outbox()[0]
    mail_html = mail.alternatives[0][0]

    page = customer_client.get(notification.get_absolute_url()).content.decode()
    listing = customer_client.get("/notificacoes/").content.decode()
    dashboard = customer_client.get("/painel/").content.decode()
    body_of = {
        "page": page[
            page.index('<div class="notification-body') : page.index(
                '<div class="d-flex flex-wrap gap-2 mt-3">'
            )
        ],
        "mail": mail_html[mail_html.index("<p>Leia o") : mail_html.index('<p style="margin:24px 0;">')],
        "preview": preview[preview.index('<div class="announcement-preview">') :][:20_000].split(
            "</fieldset>"
        )[0],
    }
    for where, html in body_of.items():
        assert "<strong>aviso</strong>" in html, where
        assert not dangerous(html), (where, dangerous(html))
    for where, html in {
        "page": page,
        "list": listing,
        "dashboard": dashboard,
        "mail": mail.alternatives[0][0],
    }.items():
        assert '<script>alert("t")' not in html, where
        assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; Aviso" in html, where
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert mail.subject.startswith('<script>alert("t")</script> Aviso Bcc:')  # plain text, one line
    assert mail.message()["Bcc"] is None and mail.bcc == []
