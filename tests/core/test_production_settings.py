"""Production switches made by environment variables alone: with Redis, the cache, the job
queue and the session store all use it; without, nothing needs a server. With PostgreSQL,
connections are kept and health-checked as the environment says, a bad value failing at start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PRINT = (
    "import hromada.config.settings as s; "
    "print(s.CACHES['default']['BACKEND'], s.TASK_BACKEND, "
    "getattr(s, 'SESSION_ENGINE', 'django.contrib.sessions.backends.db'))"
)


def settings_with(tmp_path: Path, **variables: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "TASK_BACKEND"}}
    env.update(HROMADA_VAR_DIR=str(tmp_path), SECRET_KEY="test", **variables)
    result = subprocess.run(
        [sys.executable, "-c", PRINT], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_without_redis_everything_stays_local(tmp_path: Path) -> None:
    assert settings_with(tmp_path) == [
        "django.core.cache.backends.locmem.LocMemCache",
        "db",
        "django.contrib.sessions.backends.db",
    ]


def test_redis_carries_the_cache_the_queue_and_the_sessions(tmp_path: Path) -> None:
    assert settings_with(tmp_path, REDIS_URL="redis://127.0.0.1:6379/9") == [
        "hromada.core.cache.TolerantRedisCache",
        "rq",
        "django.contrib.sessions.backends.cached_db",
    ]


DB_PRINT = (
    "import hromada.config.settings as s; d = s.DATABASES['default']; "
    "print(d['ENGINE'], d.get('CONN_MAX_AGE'), d.get('CONN_HEALTH_CHECKS'))"
)
POSTGRES_URL = "postgres://hromada@127.0.0.1:5432/hromada"


def database_with(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    names = {"DATABASE_URL", "DB_CONN_MAX_AGE", "DB_CONN_HEALTH_CHECKS"}
    env = {k: v for k, v in os.environ.items() if k not in names}
    env.update(HROMADA_VAR_DIR=str(tmp_path), SECRET_KEY="test", **variables)
    return subprocess.run(
        [sys.executable, "-c", DB_PRINT], capture_output=True, text=True, env=env, timeout=60
    )


def test_postgres_connections_are_kept_and_health_checked_by_default(tmp_path: Path) -> None:
    result = database_with(tmp_path, DATABASE_URL=POSTGRES_URL)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "60", "True"]


@pytest.mark.parametrize(
    ("health_checks", "expected"),
    [("false", "False"), ("0", "False"), (" Off ", "False"), ("yes", "True"), ("TRUE", "True")],
)
def test_the_health_check_and_the_age_come_from_the_environment(
    tmp_path: Path, health_checks: str, expected: str
) -> None:
    result = database_with(
        tmp_path,
        DATABASE_URL=POSTGRES_URL,
        DB_CONN_MAX_AGE="0",
        DB_CONN_HEALTH_CHECKS=health_checks,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.postgresql", "0", expected]


@pytest.mark.parametrize("database_url", [POSTGRES_URL, ""])
@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DB_CONN_HEALTH_CHECKS", "maybe", "must be true or false"),
        ("DB_CONN_HEALTH_CHECKS", "ture", "must be true or false"),
        ("DB_CONN_MAX_AGE", "sixty", "must be a whole number"),
        ("DB_CONN_MAX_AGE", "-1", "must be at least 0"),
    ],
)
def test_a_bad_value_stops_the_start_naming_the_variable(
    tmp_path: Path, database_url: str, name: str, value: str, message: str
) -> None:
    # Even on SQLite, where they are not used: a typo must not wait for the move to PostgreSQL.
    result = database_with(tmp_path, DATABASE_URL=database_url, **{name: value})
    assert result.returncode != 0
    assert f"{name} {message}" in result.stderr


def test_the_database_variables_are_documented() -> None:
    root = Path(__file__).resolve().parents[2]
    for document in (root / ".env.example", root / "docs" / "operations.md"):
        text = document.read_text(encoding="utf-8")
        for name in ("DB_CONN_MAX_AGE", "DB_CONN_HEALTH_CHECKS"):
            assert name in text, (document.name, name)
    assert "SELECT 1" in (root / "docs" / "operations.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "ture"),
        ("HTTPS", "yess"),
        ("AXES_ENABLED", "enabled"),
        ("FETCH_VIDEO_EMBEDS", "y"),
    ],
)
def test_a_yes_no_variable_with_another_word_stops_the_start(
    tmp_path: Path, name: str, value: str
) -> None:
    """Before, any unknown word quietly meant "off" (DEBUG=ture was no DEBUG, HTTPS=yess no
    HTTPS)."""
    result = database_with(tmp_path, **{name: value})
    assert result.returncode != 0
    assert f"{name} must be true or false" in result.stderr


@pytest.mark.parametrize("value", ["1", "true", "Yes", " on ", "0", "false", "NO", "off", ""])
def test_the_usual_words_still_work(tmp_path: Path, value: str) -> None:
    assert database_with(tmp_path, DEBUG=value, HTTPS=value).returncode == 0
