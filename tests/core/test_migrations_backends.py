"""Issue 23, finding 13: the models describe the same migrations on SQLite and PostgreSQL
(Ukrainian ordering used to name a backend-dependent collation, so `migrate` on PostgreSQL
always warned that activities and monitoring had unmigrated changes)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

POSTGRES_URL = os.environ.get(
    "HROMADA_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)


def postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=2):
            return True
    except OSError:
        return False


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_makemigrations_check_is_clean(tmp_path: Path, backend: str) -> None:
    # CI runs a pass on each backend: each pass checks its own (a check is a Django start and
    # the autodetector, tens of seconds of CPU); elsewhere both are checked from either pass.
    own = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    if os.environ.get("CI") == "true" and backend != own:
        pytest.skip(f"CI: the {backend} pass checks {backend}")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HROMADA_VAR_DIR=str(tmp_path),
        SECRET_KEY="test",
        DJANGO_SETTINGS_MODULE="hromada.config.settings",
    )
    if backend == "postgresql":
        if not postgres_reachable():
            pytest.skip("no PostgreSQL at 127.0.0.1:5432")
        env["DATABASE_URL"] = POSTGRES_URL
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemigrations", "--check", "--dry-run"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_the_uk_collation_is_made_on_postgresql() -> None:
    from hromada.core.db import COLLATION, ukrainian

    assert ukrainian("name").collation == COLLATION == "uk"
