from django import template
from django.utils.html import urlize
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

register = template.Library()


@register.filter
def plaintext(value):
    """Customer and team text as it was typed: HTML escaped, line breaks kept, http(s)
    links clickable. Nothing in the text can become markup."""
    text = urlize(normalize_newlines(str(value or "")), nofollow=True, autoescape=True)
    return mark_safe(text.replace("\n", "<br>"))  # noqa: S308 - urlize escaped everything else


@register.filter
def entry_kind(entry) -> str:
    """ "message" or "change": what a conversation entry is."""
    return entry.kind
