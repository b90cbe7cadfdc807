"""Markdown for team notices: rendered with `markdown`, then sanitized with nh3.

Sanitizing after rendering is what makes it safe: raw HTML, `javascript:`/`data:` links
(inline or reference-style), event handlers and <svg onload> all come out harmless.
"""

import re
from html import unescape

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_RE = re.compile(r'<a href="(?P<href>[^"]*)"[^>]*>(?P<text>.*?)</a>', re.DOTALL)


def render_markdown(text: str, *, base_url: str = "") -> SafeString:
    """Plain text or Markdown -> sanitized HTML (single line breaks are kept).

    `base_url` (e.g. SITE_URL for e-mails) turns links to portal paths ("/chamados/") absolute.
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty

    def absolute(tag: str, attribute: str, value: str) -> str:
        if base_url and attribute == "href" and value.startswith("/") and not value.startswith("//"):
            return base_url + value
        return value

    html = markdown.markdown(text, extensions=["sane_lists", "nl2br"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=absolute,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 just above


def markdown_to_text(text: str) -> str:
    """Plain text of Markdown (for list excerpts and plain-text e-mails): no markup, no tags."""
    if not text:
        return ""
    html = render_markdown(text)
    # Keep where links go: "text (https://...)", since the plain text has no anchors.
    html = LINK_RE.sub(lambda m: m["text"] if m["text"] == m["href"] else f"{m['text']} ({m['href']})", html)
    plain = unescape(nh3.clean(html, tags=set()))
    lines = "\n".join(line.strip() for line in plain.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines)
