"""PostgreSQL: a trigram index over `Dataset.search_text`, so the API's free-text `q`
(`search_text LIKE '%word%'`, lower-cased words) reads the index instead of every row.

pg_trgm ships with PostgreSQL and is a trusted extension (a database owner may create it).
Where it cannot be created, search stays right, only slower: the migration goes on without
the index. SQLite has no such index and needs none to be right.
"""

import logging

from django.db import DatabaseError, migrations, transaction

INDEX = "opendata_dataset_search_trgm"
logger = logging.getLogger(__name__)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError as error:
        logger.warning("pg_trgm is not available (%s): open-data search runs without it", error)
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON opendata_dataset "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("opendata", "0005_ckan_package_text")]

    operations = [migrations.RunPython(create, drop)]
