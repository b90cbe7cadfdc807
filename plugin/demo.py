"""Demo integration: Acme's ERP Fiscal embeds the plugin. Staff create its signing key in the
admin (the secret is shown once); scripts/plugin_demo_host.py plays the ERP."""

from kb.models import Category

from .models import Integration

DEMO_ORIGIN = "https://localhost:8001"


def load(ctx: dict) -> None:
    system = Category.objects.filter(slug="erp-fiscal").first()
    if system is None or "organization" not in ctx:
        return
    Integration.objects.get_or_create(
        organization=ctx["organization"],
        system=system,
        name="ERP Fiscal da Acme",
        defaults={"allowed_origins": DEMO_ORIGIN},
    )
