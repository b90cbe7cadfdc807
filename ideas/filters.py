import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal.i18n import label_in_reader_language

from .models import Category, Idea
from .selectors import idea_search

SORTS = [
    ("votes", _("Most voted")),
    ("rating", _("Best rated")),
    ("newest", _("Newest")),
    ("trending", _("Trending")),
]


class IdeaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Idea.Status.choices,
        empty_label=pgettext_lazy("ideas", "All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    # Choices read once per page as plain rows (see TicketFilter.sector).
    category = django_filters.ChoiceFilter(
        label=pgettext_lazy("ideas", "System or area"),
        choices=(),
        empty_label=pgettext_lazy("ideas", "All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORTS,
        empty_label=None,
        method="sort_by",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Idea
        fields = ["q", "status", "category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the reader's language, in its alphabetical order.
        choices = [
            (pk, label_in_reader_language(name, name_en))
            for pk, name, name_en in Category.objects.values_list("pk", "name", "name_en")
        ]
        self.filters["category"].extra["choices"] = sorted(choices, key=lambda choice: choice[1].casefold())

    def search(self, queryset, name, value):
        return idea_search(queryset, value)

    def sort_by(self, queryset, name, value):
        return queryset.sorted_by(value)
