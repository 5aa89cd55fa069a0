"""A Redis database of its own for a test that runs real Redis clients (an RQ worker, a cluster).

Parallel test workers, and a SQLite and a PostgreSQL pass running side by side, must not read
each other's queues. So a test claims a database: from the highest number down, the first one
that is empty takes a claim key (SET NX, with an expiry in case the run is killed) and is
emptied again when the test is done. HROMADA_TEST_REDIS_URL names one outright instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

REDIS_BASE_URL = "redis://127.0.0.1:6379"
CLAIM_KEY = "hromada-test-claim"
CLAIM_SECONDS = 3600


@contextmanager
def claimed_redis_database() -> Iterator[str]:
    """Yields the URL of an empty Redis database, emptied again afterwards."""
    import redis

    explicit = os.environ.get("HROMADA_TEST_REDIS_URL")
    if explicit:
        client = redis.Redis.from_url(explicit)
        client.flushdb()
        try:
            yield explicit
        finally:
            client.flushdb()
            client.close()
        return
    try:
        first = redis.Redis.from_url(f"{REDIS_BASE_URL}/0")
        count = int(first.config_get("databases").get("databases", 16))
        first.close()
    except redis.exceptions.ConnectionError as error:
        pytest.fail(f"Redis is not answering at {REDIS_BASE_URL} ({error}); .ci/run starts it")
    token = f"{os.getpid()}-{uuid.uuid4().hex}"
    for number in range(count - 1, 0, -1):
        client = redis.Redis.from_url(f"{REDIS_BASE_URL}/{number}")
        if client.set(CLAIM_KEY, token, nx=True, ex=CLAIM_SECONDS):
            if client.dbsize() == 1:
                try:
                    yield f"{REDIS_BASE_URL}/{number}"
                finally:
                    client.flushdb()
                    client.close()
                return
            client.delete(CLAIM_KEY)  # someone's data is there: leave it alone
        client.close()
    pytest.fail("no empty Redis database to claim (set HROMADA_TEST_REDIS_URL)")
