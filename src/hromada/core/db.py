"""Database helpers: Ukrainian alphabetical order on both SQLite and PostgreSQL.

Both databases sort with a collation named `uk`, so a model's `Meta.ordering` (and so its
migrations) is the same whichever database runs `makemigrations`. SQLite has no Ukrainian
collation: `uk` is registered on every new SQLite connection from `core.text.sort_key`. On
PostgreSQL `uk` is created from the ICU collation `uk-x-icu` before every `migrate`
(`create_postgres_collation`), so it exists before any migration could sort by it.
"""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate

from hromada.core.text import sort_key

COLLATION = "uk"
SQLITE_COLLATION = COLLATION
# What `uk` is made from on PostgreSQL (Debian's builds have ICU).
POSTGRES_ICU_COLLATION = "uk-x-icu"


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


connection_created.connect(register_sqlite_collation, dispatch_uid="hromada-uk-collation")


def create_postgres_collation(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Make the `uk` collation on PostgreSQL (connected to `pre_migrate`; idempotent)."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE COLLATION IF NOT EXISTS "{COLLATION}" FROM "{POSTGRES_ICU_COLLATION}"'
        )


def ukrainian(field: str) -> Collate:
    """An ORDER BY expression that sorts `field` in Ukrainian alphabetical order; the same
    on every database, so it may stand in `Meta.ordering`."""
    return Collate(F(field), COLLATION)
