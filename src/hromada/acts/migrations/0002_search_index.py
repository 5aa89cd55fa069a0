"""PostgreSQL: a GIN index over the acts' stem documents, matching `search.matching`'s
`to_tsvector('simple', search_document)`. SQLite has no such index (and needs none to be right)."""

from django.db import migrations

INDEX = "acts_act_search_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON acts_act USING gin "
            "(to_tsvector('simple'::regconfig, COALESCE(search_document, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("acts", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
