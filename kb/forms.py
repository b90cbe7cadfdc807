from django import forms
from django.utils.translation import gettext_lazy as _

from .services import COMMENT_MAX_LENGTH


class FeedbackForm(forms.Form):
    """ "Isso ajudou? Sim / Não", with an optional comment after "Não"."""

    helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("What was missing? (optional)"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class DeflectionForm(forms.Form):
    query = forms.CharField(required=False, max_length=200)
