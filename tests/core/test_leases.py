"""Leases (core.leases): one holder at a time, renewal, expiry and take-over, release; and
on PostgreSQL, simultaneous takers from separate connections."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone

from hromada.core import leases
from hromada.core.models import Lease

pytestmark = pytest.mark.django_db
TERM = dt.timedelta(minutes=30)


def test_one_holder_at_a_time() -> None:
    assert leases.acquire("test.job", holder="a", ttl=TERM)
    assert not leases.acquire("test.job", holder="b", ttl=TERM)
    assert leases.acquire("test.job", holder="a", ttl=TERM)  # the holder extends it
    held = leases.current("test.job")
    assert held is not None and held.holder == "a"
    assert held.expires_at > timezone.now() + dt.timedelta(minutes=25)
    leases.release("test.job", holder="b")  # not b's to release
    assert not leases.acquire("test.job", holder="b", ttl=TERM)
    leases.release("test.job", holder="a")
    assert leases.current("test.job") is None
    assert leases.acquire("test.job", holder="b", ttl=TERM)


def test_an_expired_lease_is_taken_over_and_its_old_holder_knows() -> None:
    assert leases.acquire("test.job", holder="dead", ttl=TERM)
    Lease.objects.filter(name="test.job").update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert leases.acquire("test.job", holder="alive", ttl=TERM)
    assert not leases.renew("test.job", holder="dead", ttl=TERM)
    assert leases.renew("test.job", holder="alive", ttl=TERM)


def test_held_releases_the_lease_after_the_block_even_on_error() -> None:
    with pytest.raises(RuntimeError), leases.held("test.job", ttl=TERM) as lease:
        assert lease is not None and lease.renew()
        with leases.held("test.job", ttl=TERM) as second:
            assert second is None
        raise RuntimeError("the job failed")
    assert leases.current("test.job") is None


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="simultaneous connections need a server database; SQLite serialises writers",
)
def test_simultaneous_takers_get_one_lease() -> None:
    """Eight threads, each with its own connection, try to take the same new lease at once."""
    start = threading.Barrier(8)

    def take(index: int) -> bool:
        try:
            start.wait()
            return leases.acquire("test.simultaneous", holder=f"t{index}", ttl=TERM)
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(take, range(8)))
        assert results.count(True) == 1
    finally:

        def cleanup() -> None:
            try:
                Lease.objects.filter(name="test.simultaneous").delete()
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(cleanup).result()
