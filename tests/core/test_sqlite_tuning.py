"""Issue 23, finding 12: SQLite keeps its tuning (WAL, `BEGIN IMMEDIATE`, a 20 s busy timeout)
whether it is the embedded default or named by `DATABASE_URL=sqlite:///...`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = (
    "import django; django.setup(); from django.db import connection; "
    "c = connection.cursor(); "
    "print(c.execute('PRAGMA journal_mode').fetchone()[0], "
    "c.execute('PRAGMA busy_timeout').fetchone()[0], "
    "c.execute('PRAGMA synchronous').fetchone()[0], connection.transaction_mode)"
)


def probe(tmp_path: Path, **variables: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HROMADA_VAR_DIR=str(tmp_path),
        SECRET_KEY="test",
        DJANGO_SETTINGS_MODULE="hromada.config.settings",
        **variables,
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("configured", ["embedded", "url"])
def test_sqlite_is_tuned_however_it_is_configured(tmp_path: Path, configured: str) -> None:
    variables = {"DATABASE_URL": f"sqlite:///{tmp_path / 'other.sqlite3'}"}
    seen = probe(tmp_path, **(variables if configured == "url" else {}))
    # WAL, 20 000 ms, synchronous NORMAL (1), BEGIN IMMEDIATE.
    assert seen == ["wal", "20000", "1", "IMMEDIATE"]


def test_an_option_in_the_url_wins(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}?timeout=5"
    assert probe(tmp_path, DATABASE_URL=url)[1] == "5000"
