import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Idea

SORTS = [("votes", _("Most voted")), ("rating", _("Best rated")), ("newest", _("Newest"))]


class IdeaFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Idea.Status.choices,
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
        fields = ["status"]

    def sort_by(self, queryset, name, value):
        return queryset.sorted_by(value)
