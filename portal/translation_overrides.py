"""Strings of Django and allauth whose Brazilian Portuguese the portal corrects in its own
catalogue (locale/, first in LOCALE_PATHS, wins over the libraries' catalogues).

Marked here only so that makemessages keeps them in locale/: nothing imports this module.
- allauth's "Remember Me" reads "Lembrar de Mim"; Portuguese does not capitalize "mim".
- Django's month names are capitalized in pt-BR ("2 de Dezembro de 2026"); Portuguese writes
  months in lower case ("2 de dezembro de 2026"). DATE_FORMAT & co. use these names (format "F").
- Django's pt-BR "truncated text" string starts with a space, so every cut text (truncatechars,
  Truncator) began with one (" Nota rejeitada no lo…").
"""

from django.utils.translation import gettext_noop, pgettext

OVERRIDES = [
    gettext_noop("Remember Me"),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
] + [
    # makemessages knows no pgettext_noop; nothing imports this module, so this never runs.
    pgettext("String to return when truncating text", "%(truncated_text)s…"),
]
