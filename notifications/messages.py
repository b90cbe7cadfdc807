"""What each notification says, in one place: the texts the portal writes, by event.

A notification stores what happened (its `event` and `params`, e.g. "ticket_reply" with
{"number": "#1006", "subject": "..."}), not sentences: its title and body are written here,
when it is shown, in the reader's language (bell, lists, activity, e-mail copies). Callers
pass parameters, never text. A parameter that is itself a label with a translation (a
status, a sector) is passed as `in_each_language(...)`: the label in every language the
portal offers, and the reader gets theirs.

Staff-written notices (announcements) and notifications from before events were stored
have no event: their stored title and body are shown as they were typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200


@dataclass(frozen=True)
class Text:
    """The words of one event. `body` is a list of paragraphs; a paragraph whose
    parameters the notification does not have is left out (e.g. "Status: ..." when only
    a reply, not a status change, happened)."""

    title: str | Promise
    body: tuple[str | Promise, ...] = ()


# Customer text (a reply, a comment, a note the team typed) travels as a parameter and is
# shown as written: "%(excerpt)s" is a paragraph of its own, untranslated.
EXCERPT = "%(excerpt)s"

TEXTS: dict[str, Text] = {
    "ticket_reply": Text(
        title=_("New reply on ticket %(number)s: %(subject)s"),
        body=(_("%(author)s wrote:"), _("Status: %(status)s"), EXCERPT),
    ),
    "ticket_changed": Text(
        title=_("Ticket %(number)s changed: %(subject)s"),
        body=(_("Status: %(status)s"), EXCERPT),
    ),
    "ticket_closed": Text(
        title=_("Ticket %(number)s closed: %(subject)s"),
        body=(
            _(
                "It was resolved %(days)d days ago with no answer from you, so we closed it. "
                "If you still need help, open a new ticket about it from its page."
            ),
        ),
    ),
    "project_update": Text(title=_("New update on the project “%(name)s”"), body=(EXCERPT,)),
    "project_milestone": Text(
        title=_("Milestone concluded in “%(name)s”: %(milestone)s"),
        body=(_("Progress: %(progress)s%%"),),
    ),
    "project_status": Text(title=_("The project “%(name)s” is now: %(status)s")),
    "idea_suggested": Text(title=_("New idea suggested: %(title)s"), body=(EXCERPT,)),
    "idea_status": Text(
        title=_("An idea you voted for is now %(status)s: %(title)s"),
        body=(EXCERPT,),
    ),
    "idea_comment": Text(title=_("%(name)s commented on the idea “%(title)s”"), body=(EXCERPT,)),
    "idea_comment_team": Text(title=_("The team answered on the idea “%(title)s”"), body=(EXCERPT,)),
    "idea_merged": Text(
        title=_("An idea you voted for was merged into “%(target)s”: your vote counts there"),
        body=(_("“%(duplicate)s” and “%(target)s” ask for the same thing."),),
    ),
}


def in_each_language(label: str | Promise | Callable[[], str]) -> dict[str, str]:
    """A translatable label (a lazy string, or a callable reading the active language such
    as `lambda: sector.display_name`) as it reads in each language the portal offers: a
    parameter that shows in the reader's language."""
    values = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values[code] = str(label() if callable(label) else label)
    return values


def _in_language(value: Any, language: str) -> Any:
    if not isinstance(value, Mapping):
        return value
    for code in (language, language.split("-")[0], settings.LANGUAGE_CODE):
        if code in value:
            return value[code]
    return next(iter(value.values()), "")


def render(event: str, params: Mapping[str, Any]) -> tuple[str, str] | None:
    """(title, body) of `event` in the active language, or None when the event is unknown or
    its parameters do not fit (then the stored text is shown)."""
    text = TEXTS.get(event)
    if text is None:
        return None
    language = translation.get_language() or settings.LANGUAGE_CODE
    values = {name: _in_language(value, language) for name, value in params.items()}
    try:
        title = str(text.title) % values
    except (KeyError, TypeError, ValueError):
        return None
    paragraphs = []
    for paragraph in text.body:
        try:
            formatted = str(paragraph) % values
        except (KeyError, TypeError, ValueError):
            # A paragraph about something that did not happen (no status change...).
            continue
        if formatted.strip():
            paragraphs.append(formatted)
    title = " ".join(title.split())
    if len(title) > TITLE_MAX_LENGTH:
        # strip(): Django's pt-BR "%(truncated_text)s…" starts with a space.
        title = Truncator(title).chars(TITLE_MAX_LENGTH).strip()
    return title, "\n\n".join(paragraphs)
