"""The page cache across processes: a change made in one process is never served stale by
another that shares the cache (Redis) and the database.

The fault this guards against: a per-process memo (the acts kind labels, kept five seconds)
was cleared only in the process that saved the change, so another process rendered the old
labels after the change and stored that page in the shared cache for its full lifetime.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from hromada.acts.models import ActRegisterPage
from hromada.core.page_cache import GENERATION_TTL_SECONDS

ROOT = Path(__file__).resolve().parents[2]
NODE = Path(__file__).with_name("page_cache_node.py")
# CI starts Redis; a run chooses its own key prefix, so parallel workers never share keys.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _redis() -> Any:
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


def _database_url(tmp_path: Path) -> str:
    """The test database, reachable from other processes: PostgreSQL's own, or a file copy of
    SQLite's in-memory one (the demo city loaded in it)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host = settings["USER"], settings["HOST"] or "127.0.0.1"
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        return f"postgres://{user}{password}@{host}:{settings['PORT'] or 5432}/{settings['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"


class Node:
    """One Hromada process (tests/core/page_cache_node.py) driven over its stdin."""

    def __init__(self, environment: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(NODE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=environment,
            cwd=ROOT,
        )
        assert self._answer() == {"ready": True}

    def _answer(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, f"the node stopped (exit {self.process.poll()})"
        return json.loads(line)  # type: ignore[no-any-return]

    def send(self, **command: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def shared_database(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> str:
    # Before any test's transaction: SQLite cannot copy a database inside an open write one.
    with django_db_blocker.unblock():
        return _database_url(tmp_path_factory.mktemp("shared-db"))


@pytest.fixture
def nodes(shared_database: str) -> Iterator[tuple[Node, Node]]:
    redis = _redis()
    prefix = f"test-{uuid.uuid4().hex}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hromada.config.settings_test",
        "DATABASE_URL": shared_database,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "PAGE_CACHE_SECONDS": "300",
        "ALLOWED_HOSTS": "testserver",
        "PYTHONPATH": os.pathsep.join(
            [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
        ),
    }
    first, second = Node(environment), Node(environment)
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()
        for key in redis.scan_iter(f"{prefix}:*"):
            redis.delete(key)


@pytest.mark.django_db
def test_a_change_in_one_process_is_not_served_stale_by_another(
    nodes: tuple[Node, Node],
) -> None:
    editor, reader = nodes
    # The register of every kind: it shows each act's kind label.
    register = ActRegisterPage.objects.live().filter(kind="", scope="acts").first()
    assert register is not None
    path = register.url
    new_label = f"Рішення ради {uuid.uuid4().hex[:6]}"

    first = reader.send(get=path)
    assert (first["status"], first["cache"]) == (200, "miss")
    assert editor.send(get=path)["cache"] == "hit"  # one cache, shared by both processes

    previous = editor.send(relabel="council_decision", label=new_label)["previous"]
    try:
        # The reader trusts its reading of the shared generations this long, no longer.
        time.sleep(GENERATION_TTL_SECONDS + 0.2)
        again = reader.send(get=path)
        assert again["cache"] == "miss"
        assert new_label in again["body"]
        # What the reader stored is the new page, and the editor is served it.
        stored = editor.send(get=path)
        assert stored["cache"] == "hit"
        assert new_label in stored["body"]
    finally:
        editor.send(relabel="council_decision", label=previous)  # PostgreSQL's is shared
