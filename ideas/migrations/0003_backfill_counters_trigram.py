from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models import Avg, Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def backfill_counters(apps, schema_editor):
    """The kept counters start equal to the rows already there (one UPDATE)."""
    Idea = apps.get_model("ideas", "Idea")
    Vote = apps.get_model("ideas", "Vote")
    Rating = apps.get_model("ideas", "Rating")

    def per_idea(model, aggregate):
        rows = model.objects.filter(idea=OuterRef("pk")).order_by().values("idea")
        return Subquery(rows.annotate(v=aggregate).values("v")[:1])

    Idea.objects.update(
        vote_count=Coalesce(per_idea(Vote, Count("pk")), Value(0)),
        rating_count=Coalesce(per_idea(Rating, Count("pk")), Value(0)),
        rating_avg=per_idea(Rating, Avg("score")),
    )


class Migration(migrations.Migration):
    dependencies = [("ideas", "0002_counters_history_comments_follows_merge")]

    operations = [
        # pg_trgm for "similar ideas" while a customer types a suggestion (PostgreSQL only;
        # the operation does nothing on SQLite). kb/0002 creates it too: either order works.
        TrigramExtension(),
        migrations.RunPython(backfill_counters, migrations.RunPython.noop),
    ]
