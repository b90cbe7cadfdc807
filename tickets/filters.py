import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.i18n import label_in_reader_language

from .models import Message, Sector, Ticket, parse_ticket_number


class TicketFilter(django_filters.FilterSet):
    """Meus chamados: the filter bar above the list (status, sector, period, text)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"class": "form-control", "type": "search", "placeholder": _("Number, subject or text")}
        ),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Ticket.Status.choices,
        empty_label=pgettext_lazy("any status", "All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    # Choices read once per page as plain rows (a model choice field would iterate a
    # server-side cursor for the dropdown and query again to validate).
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=(),
        empty_label=pgettext_lazy("any sector", "All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    opened_from = django_filters.DateFilter(
        label=_("Opened from"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
    )
    opened_until = django_filters.DateFilter(
        label=_("Opened until"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"class": "form-control", "type": "date"}, format="%Y-%m-%d"),
    )
    mine = django_filters.BooleanFilter(
        label=_("Only tickets I opened"),
        method="only_mine",
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    class Meta:
        model = Ticket
        fields = ["q", "status", "sector", "opened_from", "opened_until", "mine"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.filters["sector"].extra["choices"] = [
            (pk, label_in_reader_language(name, name_en))
            for pk, name, name_en in Sector.objects.values_list("pk", "name", "name_en")
        ]
        organization = getattr(user, "organization", None)
        if not (organization and organization.share_tickets):
            # Only one's own tickets are listed anyway.
            del self.filters["mine"]

    def search(self, queryset, name, value):
        """Number ("1042" or "#1042"), subject, or the text of a public message (the
        description and the replies; internal notes are never searched)."""
        value = value.strip()
        if not value:
            return queryset
        text = Exists(Message.objects.filter(ticket=OuterRef("pk"), internal=False, body__icontains=value))
        condition = Q(subject__icontains=value) | text
        if (number := parse_ticket_number(value)) is not None:
            condition |= Q(number=number)
        return queryset.filter(condition)

    def only_mine(self, queryset, name, value):
        return queryset.filter(customer=self.user) if value else queryset
