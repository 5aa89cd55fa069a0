"""Copies of this worker's test database, for the processes a test starts (a demo server, an
RQ worker, a cluster's nodes).

The test database holds the migrated schema and the demo city (loaded once per worker by
conftest's `django_db_setup`), so a copy costs a file copy instead of a migrate and a demo load
(about 50 s of CPU each). On SQLite the in-memory test database is written to a file with
SQLite's backup API; on PostgreSQL the copy is `CREATE DATABASE … TEMPLATE test_…`, which
needs no other session on the template, so this process's own connection is closed first.
Copy outside a test's transaction (in a module or session fixture): a copy taken inside one
would carry that test's uncommitted rows on SQLite and wait forever on PostgreSQL.

The demo's files are copied too (`copy_demo_files`): the rows name files under the worker's
demo media folders.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

# conftest's django_db_setup records where this worker's demo files are.
DEMO_FOLDERS: dict[str, Path] = {}


def is_test_database() -> bool:
    """Whether the default connection is on a test database pytest-django set up (it is not
    when no selected test uses the database: the settings then still name the developer's)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        return bool(connection.is_in_memory_db())
    return str(connection.settings_dict["NAME"]).startswith("test_")


def _postgres_url(settings_dict: dict[str, object], name: str) -> str:
    user = quote(str(settings_dict.get("USER") or "postgres"))
    password = settings_dict.get("PASSWORD")
    auth = f"{user}:{quote(str(password))}" if password else user
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{name}"


def copy_test_database(name: str, folder: Path) -> str:
    """Copy the test database (committed state) to a new database called `name`; returns its
    DATABASE_URL. SQLite: a file in `folder`. PostgreSQL: a database on the same server,
    dropped first if a previous run left it."""
    from django.db import connection

    if connection.vendor == "sqlite":
        path = folder / f"{name}.sqlite3"
        path.unlink(missing_ok=True)
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return f"sqlite:///{path}"

    import psycopg
    from psycopg import errors, sql

    source = str(connection.settings_dict["NAME"])
    connection.close()
    admin_url = _postgres_url(connection.settings_dict, "postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        create = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(source)
        )
        for attempt in range(50):  # a connection closed a moment ago may still be ending
            try:
                admin.execute(create)
                break
            except errors.ObjectInUse:
                if attempt == 49:
                    raise
                time.sleep(0.1)
    return _postgres_url(connection.settings_dict, name)


def drop_database_copy(url: str) -> None:
    """Remove a copy made by `copy_test_database` (a PostgreSQL database; files go with their
    temporary folder)."""
    if not url.startswith("postgres://"):
        return
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def copy_demo_files(folder: Path) -> dict[str, Path]:
    """Copies of the demo's public and private files in `folder`; returns
    {"media": …, "private": …} for MEDIA_ROOT and PRIVATE_MEDIA_ROOT."""
    copies = {}
    for kind in ("media", "private"):
        target = folder / kind
        source = DEMO_FOLDERS.get(kind)
        if source is not None and source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.mkdir(parents=True, exist_ok=True)
        copies[kind] = target
    return copies
