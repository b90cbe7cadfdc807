import uuid

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.forms import ClientTokenField

from .models import RATING_MAX, RATING_MIN, Comment, Idea


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
    )


class VoteForm(forms.Form):
    # The state the customer asks for, not a blind toggle: a double-click cannot undo a vote.
    voted = forms.TypedChoiceField(coerce=lambda value: value == "1", choices=[("1", "1"), ("0", "0")])


class FollowForm(forms.Form):
    following = forms.TypedChoiceField(coerce=lambda value: value == "1", choices=[("1", "1"), ("0", "0")])


class CommentForm(forms.ModelForm):
    client_token = ClientTokenField()

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        widgets = {"body": forms.Textarea(attrs={"class": "form-control", "rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_token"].initial = uuid.uuid4()

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Write a comment before sending it."))
        return body


class IdeaSuggestForm(forms.ModelForm):
    class Meta:
        model = Idea
        fields = ["title", "description"]
        widgets = {
            "title": forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
            "description": forms.Textarea(attrs={"class": "form-control", "rows": 6}),
        }
        help_texts = {"description": _("What would you like, and how would it help your work?")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].required = True
        # Published ideas like the title appear below it while typing (kb.js, as on the
        # ticket form), so the customer can vote for one instead of suggesting it again.
        self.fields["title"].widget.attrs["data-kb-suggest"] = reverse("ideas:similar")
