import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .models import Project


class ProjectFilter(django_filters.FilterSet):
    """Meus projetos: text search, status (Em produção / Finalizado) and order, above the list."""

    SORTS = {
        "updated": (F("updated_at").desc(), F("pk").desc()),
        "delivery": (F("expected_delivery").asc(nulls_last=True), F("updated_at").desc(), F("pk").desc()),
    }

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.SearchInput(attrs={"class": "form-control", "placeholder": _("Name or description")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Project.Status.choices,
        empty_label=_("All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("updated", _("Last update")), ("delivery", _("Expected delivery"))],
        empty_label=None,
        method="order",
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Project
        fields = ["q", "status", "sort"]

    def search(self, queryset, name, value):
        return queryset.search(value[:200])

    def order(self, queryset, name, value):
        return queryset.order_by(*self.SORTS.get(value, self.SORTS["updated"]))
