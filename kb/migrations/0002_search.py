"""Full-text search, each database its own way (see kb/search.py).

PostgreSQL: the unaccent and pg_trgm extensions, a `portuguese_unaccent` text search
configuration, stored tsvector columns on kb_article (a GIN index on the full one), and a
trigram index on accent-free titles. SQLite: an FTS5 table with accent-insensitive tokens. Neither is a Django model
field: makemigrations never sees them and other databases are refused by kb.search.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

POSTGRES_FORWARD = [
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'portuguese_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION portuguese_unaccent (COPY = portuguese);
            ALTER TEXT SEARCH CONFIGURATION portuguese_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, portuguese_stem;
        END IF;
    END $$""",
    # An immutable unaccent, so that an index can use it (unaccent() itself is only stable
    # because its dictionary could change; ours is fixed by this migration).
    """CREATE OR REPLACE FUNCTION kb_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    # Everything, weighted, for matching; title/summary/tags only, small and never toasted,
    # for ranking every match cheaply.
    "ALTER TABLE kb_article ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "ALTER TABLE kb_article ADD COLUMN IF NOT EXISTS search_head tsvector",
    "CREATE INDEX IF NOT EXISTS kb_article_search_vector ON kb_article USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS kb_article_search_head ON kb_article USING gin (search_head)",
    "CREATE INDEX IF NOT EXISTS kb_article_title_trgm ON kb_article USING gin (lower(kb_unaccent(title)) gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS kb_article_title_trgm",
    "DROP INDEX IF EXISTS kb_article_search_head",
    "DROP INDEX IF EXISTS kb_article_search_vector",
    "ALTER TABLE kb_article DROP COLUMN IF EXISTS search_head",
    "ALTER TABLE kb_article DROP COLUMN IF EXISTS search_vector",
    "DROP FUNCTION IF EXISTS kb_unaccent(text)",
]
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS kb_article_fts USING fts5("
    "title, summary, tags, body, tokenize='unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS kb_article_fts"]


def run(statements_by_vendor):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("kb", "0001_articles")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(
            run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
