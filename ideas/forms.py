from django import forms
from django.utils.translation import gettext_lazy as _

from .models import RATING_MAX, RATING_MIN, Idea


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
    )


class VoteForm(forms.Form):
    # The state the customer asks for, not a blind toggle: a double-click cannot undo a vote.
    voted = forms.TypedChoiceField(coerce=lambda value: value == "1", choices=[("1", "1"), ("0", "0")])


class IdeaSuggestForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["title", "description"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control"}),
            "description": forms.Textarea(attrs={"class": "form-control", "rows": 6}),
        }
        help_texts = {"description": _("What would you like, and how would it help your work?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
