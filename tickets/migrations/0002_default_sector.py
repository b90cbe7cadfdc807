from django.db import migrations


def create_default_sector(apps, schema_editor):
    # A fresh installation can take tickets at once: Suporte is the default sector.
    Sector = apps.get_model("tickets", "Sector")
    if not Sector.objects.filter(is_default=True).exists():
        Sector.objects.get_or_create(name="Suporte", defaults={"is_default": True, "order": 0})


class Migration(migrations.Migration):
    dependencies = [("tickets", "0001_initial")]

    operations = [migrations.RunPython(create_default_sector, migrations.RunPython.noop)]
