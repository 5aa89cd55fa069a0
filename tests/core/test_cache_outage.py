"""A Redis outage turns into cache misses, not errors (core/cache.py): on a real Redis server
of the test's own, stopped mid-test, pages still render (uncached) and a form's rate limit and
one-time token still answer."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client

from hromada.core import spam

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_cache(settings: Any) -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "hromada.core.cache.TolerantRedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    settings.HROMADA_RATE_LIMITS_IN_CACHE = True
    try:
        yield server
    finally:
        caches["default"].close()
        server.stop()


@pytest.mark.django_db
def test_pages_render_uncached_while_redis_is_down(redis_cache: RedisServer) -> None:
    client = Client()
    client.get("/")
    assert client.get("/").headers.get("X-Cache") == "hit"

    redis_cache.stop()
    caches["default"].close()  # the pool's open connection dies with the server
    during = client.get("/")
    assert during.status_code == 200
    assert during.headers.get("X-Cache") == "miss"
    assert '<html lang="uk"' in during.content.decode()

    redis_cache.start()  # back on the same port: cached again
    client.get("/")
    assert client.get("/").headers.get("X-Cache") == "hit"


def test_each_cache_call_answers_while_redis_is_down(
    redis_cache: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    cache = caches["default"]
    cache.set("kept", 1)
    redis_cache.stop()
    cache.close()
    assert cache.get("kept", "default") == "default"
    assert cache.get_many(["kept"]) == {}
    assert cache.has_key("kept") is False
    cache.set("kept", 2)
    assert cache.add("new", 1) is True
    assert cache.incr("counter") == 1
    cache.delete("kept")
    # A public form's one-time token and rate limit let the request through meanwhile.
    assert spam.first_use("token", "abc", ttl=60) is True
    assert spam.hit_key("form", "10.0.0.1", limit=5, window=60).allowed
    assert "Redis unavailable" in caplog.text
