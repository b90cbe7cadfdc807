import uuid

from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.attachments import AttachmentStorageError
from portal.forms import ClientTokenField, MultipleFileField, files_help_text
from projects.models import Project

from . import followers, services
from .models import Satisfaction, Sector, Ticket, parse_ticket_number


class TicketOpenForm(forms.Form):
    """Abrir chamado: Setor, Assunto, Descrição, Enviar arquivo."""

    sector = forms.ModelChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        queryset=Project.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("If the request is about one of your projects."),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("A short summary of your request."),
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=50_000,
        help_text=_(
            "Describe your request clearly and in detail. If it is an error in the system, "
            "tell us in which module it happens and which routine you were running."
        ),
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 8}),
    )
    files = MultipleFileField(label=_("Attach files"))
    # A double click sends the same token twice: the second POST finds the first ticket.
    client_token = ClientTokenField()
    related_to = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        sectors = Sector.objects.active()
        self.fields["sector"].queryset = sectors
        # Only a project the customer sees can be chosen (a posted id of another is refused);
        # without any, the field is left out.
        projects = Project.objects.visible_to(user).order_by("name")
        if projects.exists():
            self.fields["project"].queryset = projects
        else:
            del self.fields["project"]
        default = sectors.default()
        if default is not None:
            self.fields["sector"].initial = default.pk
        self.fields["client_token"].initial = uuid.uuid4()
        self.fields["files"].help_text = files_help_text()
        # Knowledge-base articles matching the subject appear below it while typing (kb.js).
        self.fields["subject"].widget.attrs["data-kb-suggest"] = reverse("kb:suggestions")

    def clean_subject(self):
        # One line: a subject is shown in lists and e-mail subjects.
        return " ".join(self.cleaned_data["subject"].split())

    def clean_related_to(self):
        number = parse_ticket_number(self.cleaned_data.get("related_to"))
        if number is None:
            return None
        # Only a ticket the customer sees can be referenced; anything else is dropped.
        return Ticket.objects.visible_to(self.user).filter(number=number).first()

    def save(self, *, origin: services.Origin = services.Origin()) -> Ticket | None:  # noqa: B008 - frozen
        """Open the ticket for the form's user (call after is_valid()). None, with an error
        on the files field, when the files could not be stored (then nothing was saved)."""
        data = self.cleaned_data
        try:
            return services.ticket_open(
                customer=self.user,
                sector=data["sector"],
                subject=data["subject"],
                description=data["description"],
                files=data["files"],
                client_token=data["client_token"],
                related_to=data["related_to"],
                project=data.get("project"),
                origin=origin,
            )
        except AttachmentStorageError:
            self.add_error("files", _("We could not store your files. Nothing was saved; please send again."))
            return None


class TicketReplyForm(forms.Form):
    """The customer's answer on the ticket page."""

    body = forms.CharField(
        label=_("Your message"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 5}),
    )
    files = MultipleFileField(label=_("Attach files"))
    client_token = ClientTokenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client_token"].initial = uuid.uuid4()
        self.fields["files"].help_text = files_help_text()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("body") or "").strip() and not cleaned.get("files") and not self.errors:
            raise forms.ValidationError(_("Write a message or attach a file."), code="empty_reply")
        return cleaned


class SatisfactionForm(forms.Form):
    """Como foi o atendimento? 1 to 5 and an optional comment."""

    score = forms.TypedChoiceField(
        label=_("How was our support?"),
        choices=Satisfaction.SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowerAddForm(forms.Form):
    """The ticket's owner adds a colleague (same company, who sees the ticket) as follower.
    The colleagues are fetched once, here: the template only renders them."""

    user = forms.TypedChoiceField(label=_("Colleague"), coerce=int)

    def __init__(self, *args, ticket: Ticket, **kwargs):
        super().__init__(*args, **kwargs)
        self.ticket = ticket
        self.colleagues = {user.pk: user for user in followable_colleagues(ticket)}
        self.fields["user"].choices = [(pk, user.display_name) for pk, user in self.colleagues.items()]

    def clean_user(self):
        user = self.colleagues[self.cleaned_data["user"]]
        if not followers.can_follow(ticket=self.ticket, user=user):
            raise forms.ValidationError(followers.REFUSED, code="not_allowed")
        return user


def followable_colleagues(ticket: Ticket):
    """Who the owner may add: active customers of the ticket's company (when it shares its
    tickets), not the owner, not already following."""
    User = get_user_model()
    organization = ticket.organization
    if organization is None or not organization.share_tickets:
        return User.objects.none()
    return (
        User.objects.filter(organization=organization, is_active=True, is_staff=False)
        .exclude(pk=ticket.customer_id)
        .exclude(followed_tickets__ticket=ticket, followed_tickets__is_active=True)
        .order_by("first_name", "last_name", "username")
    )
