"""Redis as a cache that a Redis outage turns into misses, not errors.

Everything Hromada keeps in the cache can be computed again or done without for a while: the
anonymous page cache, memoized fragments, the public forms' rate limits and one-time tokens.
Sessions live in the database (`cached_db`). So while Redis restarts or is unreachable, a read
is a miss, a write is skipped, and each failure is logged; pages render uncached and signed-in
people stay signed in. The rate limits and the forms' replay check let requests through
meanwhile (`add` answers "stored"): refusing every form during an outage would be worse.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")
OUTAGE = (RedisConnectionError, RedisTimeoutError)


class TolerantRedisCache(RedisCache):
    def _tolerant(self, fallback: T, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        try:
            return call(*args, **kwargs)
        except OUTAGE as error:
            logger.warning("Redis unavailable, cache %s skipped: %s", call.__name__, error)
            return fallback

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._tolerant(default, super().get, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> dict[Any, Any]:
        return self._tolerant({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._tolerant(False, super().has_key, key, version)

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        self._tolerant(None, super().set, key, value, timeout, version)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        return self._tolerant(True, super().add, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> list[Any]:
        return self._tolerant([], super().set_many, data, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        return self._tolerant(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._tolerant(False, super().delete, key, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        self._tolerant(None, super().delete_many, keys, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        # The rate limits count with incr after add: during an outage, a first attempt.
        return self._tolerant(delta, super().incr, key, delta, version)
