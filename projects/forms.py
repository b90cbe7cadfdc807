import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import ClientTokenField


class UpdateCommentForm(forms.Form):
    """A customer's comment under an update."""

    body = forms.CharField(
        label=_("Your comment"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    client_token = ClientTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_token"].initial = uuid.uuid4()
