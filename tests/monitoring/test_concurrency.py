"""Two writers at once: a fetch pass started while another runs skips; a dead pass's lease
is taken over; an address another writer saved meanwhile is skipped, not a failed feed.
The simultaneous cases run on PostgreSQL (SQLite serialises writers)."""

from __future__ import annotations

import datetime as dt
import io
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone

from hromada.core import leases
from hromada.core.models import Lease
from hromada.monitoring import pipeline
from hromada.monitoring.fetching import Fetcher, FetchPolicy
from hromada.monitoring.models import Feed, MediaItem, MonitoringSettings, Outlet, Topic
from hromada.monitoring.pipeline import FETCH_LEASE, fetch_media

pytestmark = pytest.mark.django_db
POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]
needs_postgresql = pytest.mark.skipif(
    not POSTGRESQL, reason="simultaneous writers need a server database"
)
POLICY = FetchPolicy(
    connect_timeout=2.0,
    read_timeout=2.0,
    max_bytes=1024 * 1024,
    max_redirects=3,
    retries=0,
    backoff_seconds=0.0,
    max_retry_wait=0.0,
    politeness_seconds=0.0,
)


@pytest.fixture
def local_sources(media_server):  # type: ignore[no-untyped-def]
    Outlet.objects.update(is_active=False)
    config = MonitoringSettings.load()
    config.politeness_seconds = 0
    config.save()
    for name, path in (("Локальні новини", "/rss.xml"), ("Локальна Луганщина", "/atom.xml")):
        outlet = Outlet.objects.create(name=name, kind="online")
        Feed.objects.create(outlet=outlet, url=media_server.url(path))


class InterferingFetcher(Fetcher):
    """A fetcher through which the test acts as another process at a chosen moment."""

    def __init__(self, on_get: Any) -> None:
        super().__init__(user_agent="Hromada-test", policy=POLICY, sleep=lambda _s: None)
        self.on_get = on_get

    def get(self, url: str, **kwargs: Any) -> Any:
        self.on_get(url)
        return super().get(url, **kwargs)


def test_a_pass_started_while_another_runs_skips(media_server, local_sources) -> None:  # type: ignore[no-untyped-def]
    assert leases.acquire(FETCH_LEASE, holder="worker-2:4242:ab", ttl=dt.timedelta(minutes=30))
    summary = fetch_media(fetcher=InterferingFetcher(lambda _url: None))
    assert summary.skipped_because.startswith("worker-2:4242:ab, since ")
    assert summary.line().startswith("skipped: another fetch pass is running (worker-2:4242:ab")
    assert media_server.requests == []  # it did nothing at all
    out = io.StringIO()
    call_command("fetch_media", stdout=out, stderr=io.StringIO())  # not an error
    assert "skipped" in out.getvalue()
    leases.release(FETCH_LEASE, holder="worker-2:4242:ab")
    summary = fetch_media(fetcher=InterferingFetcher(lambda _url: None))
    assert not summary.skipped_because and summary.new_items == 5
    assert leases.current(FETCH_LEASE) is None  # released when the pass ended


def test_the_lease_of_a_pass_that_died_is_taken_over(media_server, local_sources) -> None:  # type: ignore[no-untyped-def]
    assert leases.acquire(FETCH_LEASE, holder="crashed:1:aa", ttl=dt.timedelta(minutes=30))
    Lease.objects.filter(name=FETCH_LEASE).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    summary = fetch_media(fetcher=InterferingFetcher(lambda _url: None))
    assert not summary.skipped_because and summary.new_items == 5


def test_a_pass_that_lost_its_lease_stops(media_server, local_sources) -> None:  # type: ignore[no-untyped-def]
    feeds = {media_server.url("/rss.xml"), media_server.url("/atom.xml")}
    fetched: list[str] = []

    def usurp(url: str) -> None:
        # While the first feed is fetched, its term "runs out" and another pass takes over.
        if url in feeds:
            fetched.append(url)
            Lease.objects.filter(name=FETCH_LEASE).update(holder="usurper:2:bb")

    summary = fetch_media(fetcher=InterferingFetcher(usurp))
    assert any("lease ran out" in error for error in summary.errors)
    assert len(fetched) == 1  # the other outlet's feed was left to the new holder
    assert Lease.objects.get(name=FETCH_LEASE).holder == "usurper:2:bb"  # not released by us


def test_an_address_saved_meanwhile_by_another_writer_is_skipped(
    media_server, local_sources
) -> None:  # type: ignore[no-untyped-def]
    taken = media_server.url("/news/1.html")

    def save_it_first(url: str) -> None:
        # The pass has checked that the address is new and is fetching its page: another
        # writer (a second pass, staff entering it by hand) saves the same address now.
        if url == taken and not MediaItem.objects.filter(url=taken).exists():
            MediaItem.objects.create(
                outlet=Outlet.objects.get(name="Локальні новини"),
                url=taken,
                title="Збережено іншим процесом",
                published_at=timezone.now(),
            )

    summary = fetch_media(fetcher=InterferingFetcher(save_it_first))
    assert summary.feeds_failed == 0, summary.errors
    assert summary.duplicates_skipped == 1
    assert summary.new_items == 4
    assert "already saved by another writer 1" in summary.line()
    assert MediaItem.objects.filter(url=taken).count() == 1
    assert MediaItem.objects.get(url=taken).title == "Збережено іншим процесом"
    assert MediaItem.objects.filter(url=media_server.url("/news/3.html")).exists()


def _in_own_connection(function: Any) -> Any:
    def run(*args: Any) -> Any:
        try:
            return function(*args)
        finally:
            connections.close_all()

    return run


def _cleanup(outlet_names: list[str]) -> None:
    @_in_own_connection
    def delete() -> None:
        from wagtail.models import ModelLogEntry

        items = MediaItem.objects.filter(outlet__name__in=outlet_names)
        ids = [str(pk) for pk in items.values_list("pk", flat=True)]
        ModelLogEntry.objects.filter(object_id__in=ids).delete()
        story_ids = set(items.values_list("story_id", flat=True))
        items.delete()
        from hromada.monitoring.models import Story

        Story.objects.filter(pk__in=story_ids, items__isnull=True).delete()
        Feed.objects.filter(outlet__name__in=outlet_names).delete()
        outlets = Outlet.objects.filter(name__in=outlet_names)
        ModelLogEntry.objects.filter(
            object_id__in=[str(pk) for pk in outlets.values_list("pk", flat=True)]
        ).delete()
        outlets.delete()
        Lease.objects.filter(name=FETCH_LEASE).delete()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(delete).result()


@needs_postgresql
def test_simultaneous_inserts_of_one_address_keep_one_item() -> None:
    """Two connections save the same two addresses; the second waits for the first one's
    transaction, then skips both."""
    names = ["Паралельне видання"]

    @_in_own_connection
    def make_outlet() -> int:
        return Outlet.objects.create(name=names[0], kind="online").pk

    with ThreadPoolExecutor(max_workers=1) as pool:
        outlet_id = pool.submit(make_outlet).result()
    urls = ["https://paralel.example/1", "https://paralel.example/2"]
    first_inserted, second_started = threading.Event(), threading.Event()

    def items(title: str) -> list[MediaItem]:
        return [
            MediaItem(
                outlet_id=outlet_id,
                url=url,
                title=f"{title}: Лисичанськ",
                published_at=timezone.now(),
            )
            for url in urls
        ]

    @_in_own_connection
    def first() -> tuple[int, int]:
        with transaction.atomic():
            saved, skipped = pipeline.save_fetched(items("перший"), pipeline.Analyser.load())
            first_inserted.set()
            second_started.wait(30)
            threading.Event().wait(0.3)  # let the second insert reach the database and wait
        return len(saved), skipped

    @_in_own_connection
    def second() -> tuple[int, int]:
        first_inserted.wait(30)
        with transaction.atomic():
            second_started.set()
            saved, skipped = pipeline.save_fetched(items("другий"), pipeline.Analyser.load())
        return len(saved), skipped

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            a, b = pool.submit(first), pool.submit(second)
            assert a.result() == (2, 0)
            assert b.result() == (0, 2)

        @_in_own_connection
        def titles() -> list[str]:
            return list(MediaItem.objects.filter(url__in=urls).values_list("title", flat=True))

        with ThreadPoolExecutor(max_workers=1) as pool:
            assert pool.submit(titles).result() == ["перший: Лисичанськ"] * 2
    finally:
        _cleanup(names)


@needs_postgresql
def test_two_passes_at_once_one_runs_and_one_skips(media_server) -> None:  # type: ignore[no-untyped-def]
    """Two workers start a pass at the same moment, each with its own connection."""
    names = ["Паралельні новини"]

    @_in_own_connection
    def make_source() -> None:
        outlet = Outlet.objects.create(name=names[0], kind="online")
        Feed.objects.create(outlet=outlet, url=media_server.url("/rss.xml"))

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(make_source).result()
    start, one_finished = threading.Barrier(2), threading.Event()

    def hold_until_the_other_finished(_url: str) -> None:
        one_finished.wait(30)  # the running pass waits for the other one to give up

    @_in_own_connection
    def run_pass() -> pipeline.PassSummary:
        start.wait()
        try:
            only_local = Outlet.objects.filter(name__in=names).prefetch_related("feeds")
            return fetch_media(
                fetcher=InterferingFetcher(hold_until_the_other_finished), outlets=only_local
            )
        finally:
            one_finished.set()

    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = [future.result() for future in [pool.submit(run_pass) for _ in range(2)]]
        skipped = [r for r in results if r.skipped_because]
        ran = [r for r in results if not r.skipped_because]
        assert len(skipped) == 1 and len(ran) == 1
        assert ran[0].new_items == 3 and not ran[0].errors
    finally:
        _cleanup(names)
    assert Topic.objects.exists()  # the demo's data is untouched
