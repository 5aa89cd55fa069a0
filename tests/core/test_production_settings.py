"""Production switches made by environment variables alone: with Redis, the cache, the job
queue and the session store all use it; without, nothing needs a server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
        "django.core.cache.backends.redis.RedisCache",
        "rq",
        "django.contrib.sessions.backends.cached_db",
    ]
