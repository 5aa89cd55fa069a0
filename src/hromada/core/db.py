"""Database helpers: Ukrainian alphabetical order on both SQLite and PostgreSQL.

PostgreSQL sorts with the ICU collation `uk-x-icu`. SQLite has no Ukrainian collation, so
one named `uk` is registered on every new SQLite connection from `core.text.sort_key`.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.functions import Collate

from hromada.core.text import sort_key

SQLITE_COLLATION = "uk"
POSTGRES_COLLATION = "uk-x-icu"


def _compare(left: str, right: str) -> int:
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


connection_created.connect(register_sqlite_collation, dispatch_uid="hromada-uk-collation")


def ukrainian(field: str) -> Collate:
    """An ORDER BY expression that sorts `field` in Ukrainian alphabetical order."""
    name = POSTGRES_COLLATION if connection.vendor == "postgresql" else SQLITE_COLLATION
    return Collate(F(field), name)
