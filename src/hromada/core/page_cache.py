"""What a cached page shows, and the shared generations that say when it is out of date.

Content is grouped into *scopes* ("news", "acts", "opendata", …). Each scope has a generation
in the database (`core.ContentGeneration`, one row per scope), so every process of every node
reads the same value. A change bumps only its scopes (`changed`, after the commit); a page
rendered for the cache records the scopes it showed (`shows`, called by the selectors and by
the page types) and is served again only while those generations are unchanged
(`core/middleware.py`). So publishing a news item leaves the acts register cached.

`SITE` (menus, footer, city profile) is shown by every page; `ANY` stands for "may show
anything" and changes with every bump: a view that records nothing more specific than `SITE`
is taken to show `ANY`, so a forgotten mark costs a miss, never a stale page.

A per-process memo of anything a change can touch must be a `SharedMemo`: it keeps its value
only while its scope's generation is the one it was computed under, so a change made in
another process reaches it within `GENERATION_TTL_SECONDS`, and a page is never stored with a
value older than the generations it is stored under.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

SITE = "site"
ANY = "*"

# How long a process trusts its last reading of the generations.
GENERATION_TTL_SECONDS = 1.0

# Functions whose answers join every page's cache key: a site-wide element that must show on
# every page at once, cached or not (an urgent notice), registers one returning a short,
# cheap marker of its state (say its version, from a `SharedMemo`); or, simpler, its change
# calls `changed(SITE)`, which empties every page.
key_parts: list[Callable[[], str]] = []

_shown: ContextVar[set[str] | None] = ContextVar("hromada_page_shows", default=None)


def shows(*scopes: str) -> None:
    """The page being rendered shows records of these scopes (a no-op outside a recording)."""
    found = _shown.get()
    if found is not None:
        found.update(scopes)


@contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the scopes shown while rendering one response."""
    found = {SITE}
    token = _shown.set(found)
    try:
        yield found
    finally:
        _shown.reset(token)


def dependencies(found: Iterable[str]) -> tuple[str, ...]:
    """The scopes a response depends on, in a stable order; `ANY` when nothing was marked."""
    scopes = set(found) | {SITE}
    if scopes == {SITE} or ANY in scopes:
        return (ANY,)
    return tuple(sorted(scopes))


class _Generations:
    """Every scope's generation, read in one query at most once a second per process."""

    def __init__(self) -> None:
        # (values, total, monotonic time of the reading), replaced whole: threads never see half.
        self._reading: tuple[dict[str, int], int, float] = ({}, -1, float("-inf"))
        self._lock = threading.Lock()

    def snapshot(self) -> tuple[dict[str, int], int]:
        """Every scope's generation and their total (which `ANY` stands for)."""
        values, total, read_at = self._reading
        if time.monotonic() - read_at <= GENERATION_TTL_SECONDS:
            return values, total
        with self._lock:  # one reader per process at a time; the others wait for its answer
            values, total, read_at = self._reading
            now = time.monotonic()
            if now - read_at > GENERATION_TTL_SECONDS:
                from hromada.core.models import ContentGeneration

                values = ContentGeneration.all_values()
                total = sum(values.values())
                self._reading = (values, total, now)
        return values, total

    def versions(
        self, scopes: Iterable[str], snapshot: tuple[dict[str, int], int] | None = None
    ) -> tuple[int, ...]:
        values, total = self.snapshot() if snapshot is None else snapshot
        # Each bump adds one to one row, so the total changes with every change anywhere.
        return tuple(total if scope == ANY else values.get(scope, 0) for scope in scopes)

    def version(self, scope: str) -> int:
        return self.versions((scope,))[0]

    def get(self) -> int:
        """A number that changes with every change anywhere."""
        return self.version(ANY)

    def forget(self) -> None:
        self._reading = (self._reading[0], self._reading[1], float("-inf"))


generations = _Generations()


def changed(*scopes: str) -> None:
    """Records of these scopes changed (`SITE` when none is named): bump their generations
    once the change is committed, so no process caches the old page."""
    from django.db import transaction

    names = tuple(sorted(set(scopes))) or (SITE,)
    forget_memos(names)  # this process sees its own change at once, even before the commit

    def bump() -> None:
        from hromada.core.models import ContentGeneration

        for name in names:
            ContentGeneration.bump(name)
        generations.forget()

    transaction.on_commit(bump)


T = TypeVar("T")

_memos: list[SharedMemo[Any]] = []


def forget_memos(scopes: Iterable[str] | None = None) -> None:
    """Drop this process's memos of these scopes (all of them when None: tests do, after a
    rollback that took the generations back)."""
    wanted = None if scopes is None else set(scopes)
    for memo in _memos:
        if wanted is None or memo.scope in wanted:
            memo.forget()


class SharedMemo(Generic[T]):
    """A per-process memo valid while its scope's shared generation is unchanged.

    The generation is read before the value is computed, so a change committed during the
    computation leaves the memo already out of date rather than wrongly current.
    """

    def __init__(self, scope: str, compute: Callable[..., T], *, max_entries: int = 256) -> None:
        self.scope = scope
        self.compute = compute
        self.max_entries = max_entries  # keys may come from requests (a host name): bounded
        self._values: dict[Hashable, tuple[int, T]] = {}
        _memos.append(self)

    def get(self, *args: Hashable) -> T:
        shows(self.scope)
        version = generations.version(self.scope)
        found = self._values.get(args)
        if found is not None and found[0] == version:
            return found[1]
        value = self.compute(*args)
        if len(self._values) >= self.max_entries:
            self._values.clear()
        self._values[args] = (version, value)
        return value

    def forget(self, **_: object) -> None:
        """Drop the values at once in this process (the others follow the generation)."""
        self._values.clear()
