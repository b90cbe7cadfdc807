"""Labels the team types (a sector, an idea's category) in the reader's language.

The team writes each label in Portuguese (the portal's default) and may add an English name;
a reader in English sees the English one when there is one, everybody else the Portuguese.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def label_in_reader_language(name: str, name_en: str) -> str:
    """`name_en` for a reader in English (when the team gave one), else `name`."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if name_en and language.split("-")[0] == "en":
        return name_en
    return name


def name_en_field() -> models.CharField:
    return models.CharField(
        _("name in English"),
        max_length=100,
        blank=True,
        help_text=_("Shown to customers who read the portal in English. Empty: the name above."),
    )


class NameInEnglishMixin:
    """For a model with `name` and `name_en` (name_en_field()): `display_name` is the name
    in the reader's language (the model's str() returns it, so form dropdowns show it too)."""

    name: str
    name_en: str

    @property
    def display_name(self) -> str:
        return label_in_reader_language(self.name, self.name_en)
