from django.forms.renderers import TemplatesSetting


class PortalFormRenderer(TemplatesSetting):
    """Every form field renders through one template (`{{ field.as_field_group }}`): label,
    widget, help text and errors tied together for screen readers, Bootstrap-styled."""

    field_template_name = "includes/_form_field.html"
