"""Article Markdown -> sanitized HTML with heading anchors and a table of contents.

Same pipeline as the team's notices (`notifications.markup`): render with `markdown`, then
sanitize with nh3, so whatever an author (or a pasted snippet) writes cannot run. Articles
also get tables, fenced code, images (only our own or https) and ids on headings.
"""

import re
from dataclasses import dataclass, field
from html import unescape

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import slugify

from notifications.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, ALLOWED_URL_SCHEMES

ARTICLE_TAGS = ALLOWED_TAGS | {"img", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub"}
HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
ARTICLE_ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    **{tag: {"id"} for tag in HEADINGS},
}
# Heading ids get a prefix so they can never clobber an id the page itself uses.
ANCHOR_PREFIX = "s-"


@dataclass(frozen=True)
class TocEntry:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class RenderedArticle:
    html: SafeString
    toc: list[TocEntry] = field(default_factory=list)


def _flatten(tokens, out):
    for token in tokens:
        out.append(TocEntry(level=token["level"], anchor=token["id"], title=token["name"]))
        _flatten(token["children"], out)
    return out


def render_article(text: str) -> RenderedArticle:
    if not text:
        return RenderedArticle(html=mark_safe(""))  # noqa: S308 - empty
    md = markdown.Markdown(
        extensions=["sane_lists", "tables", "fenced_code", "toc"],
        extension_configs={
            "toc": {
                "slugify": lambda value, separator: ANCHOR_PREFIX + slugify(value, separator),
                "toc_depth": "2-3",
                "permalink": False,
            }
        },
        output_format="html",
    )
    html = md.convert(text)
    cleaned = nh3.clean(
        html,
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    # toc_tokens' names come HTML-escaped; keep them as plain text (templates escape them).
    toc = [
        TocEntry(level=e.level, anchor=e.anchor, title=unescape(nh3.clean(e.title, tags=set())))
        for e in _flatten(md.toc_tokens, [])
    ]
    return RenderedArticle(html=mark_safe(cleaned), toc=toc)  # noqa: S308 - sanitized by nh3 above


def article_plain_text(text: str) -> str:
    """The article's words without markup (tables and code included): what search indexes
    and snippets show, and what reading time counts."""
    html = render_article(text).html
    html = re.sub(r"</(td|th|li|p|h[1-6]|tr|pre|blockquote)>", " \n", html)
    plain = unescape(nh3.clean(html, tags=set()))
    return re.sub(r"[ \t]+", " ", re.sub(r"\s*\n\s*", "\n", plain)).strip()
