import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Project


class ProjectFilter(django_filters.FilterSet):
    """Meus projetos: filter by status (Em produção / Finalizado), above the list."""

    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Project.Status.choices,
        empty_label=_("All"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    class Meta:
        model = Project
        fields = ["status"]
