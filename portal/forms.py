import uuid

from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class PortalBoundField(BoundField):
    """Every text, file and drop-down control looks like Bootstrap's: a widget that brings no
    class of its own (allauth's forms, Meus dados' language and photo) gets `form-select` or
    `form-control`, and a field with errors adds `is-invalid` to whichever it has. Check boxes
    are drawn by the field template; radio lists keep their own markup."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        css = attrs.get("class") or widget.attrs.get("class")
        if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            return attrs
        if css is None and isinstance(widget, forms.Select):
            css = "form-select"
        elif css is None and (
            isinstance(widget, forms.Textarea)
            or (isinstance(widget, Input) and widget.input_type not in {"hidden", "checkbox", "radio"})
        ):
            css = "form-control"
        if css is None:
            return attrs
        if self.errors:
            css += " is-invalid"
        return {**attrs, "class": css}


class PortalFormRenderer(TemplatesSetting):
    """Every form field renders through one template (`{{ field.as_field_group }}`): label,
    widget, help text and errors tied together for screen readers, Bootstrap-styled."""

    field_template_name = "includes/_form_field.html"
    bound_field_class = PortalBoundField


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input ("Enviar arquivo"), each checked against the limits.

    Errors name the file they are about. Returns a list (empty when nothing was sent).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"class": "form-control"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        if not data:
            return []
        return [f for f in (data if isinstance(data, (list, tuple)) else [data]) if f]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def run_validators(self, value):
        errors = []
        max_files = settings.ATTACHMENT_MAX_FILES
        max_bytes = settings.ATTACHMENT_MAX_BYTES
        if len(value) > max_files:
            errors.append(
                forms.ValidationError(
                    ngettext(
                        "Send at most %(max)d file per message.",
                        "Send at most %(max)d files per message.",
                        max_files,
                    )
                    % {"max": max_files},
                    code="too_many_files",
                )
            )
        for upload in value:
            name = upload.name or "?"
            if not upload.size:
                errors.append(
                    forms.ValidationError(
                        _("The file “%(name)s” is empty.") % {"name": name}, code="empty_file"
                    )
                )
            elif upload.size > max_bytes:
                errors.append(
                    forms.ValidationError(
                        _("The file “%(name)s” is too large (%(size)s). The limit is %(limit)s per file.")
                        % {
                            "name": name,
                            "size": filesizeformat(upload.size),
                            "limit": filesizeformat(max_bytes),
                        },
                        code="file_too_large",
                    )
                )
        if errors:
            raise forms.ValidationError(errors)

    def clean(self, data, initial=None):
        value = self.to_python(data)
        self.validate(value)
        self.run_validators(value)
        return value

    def bound_data(self, data, initial):
        return initial

    def has_changed(self, initial, data):
        return bool(data)


class ClientTokenField(forms.CharField):
    """The form's one-time token (hidden). A missing or mangled token only turns off the
    double-submit protection for that POST; it is never an error the customer cannot see."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        try:
            return uuid.UUID(str(value))
        except (TypeError, ValueError):
            return None


def files_help_text():
    return _("Optional. Up to %(count)d files of at most %(limit)s each.") % {
        "count": settings.ATTACHMENT_MAX_FILES,
        "limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES),
    }
