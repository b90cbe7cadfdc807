from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # The database cache (allauth's rate limits: login, reset) must exist after `migrate`
    # alone, the one step every deployment runs. createcachetable creates only missing
    # tables, for the caches configured at this moment; running it again stays harmless.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False),
    ]
