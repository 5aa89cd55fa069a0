"""Shared fixtures. The demo city is loaded once per test session into the test database,
so every test sees a realistic portal; each test still runs in its own transaction.

`make test` runs the suite in parallel (pytest-xdist, `--dist loadgroup`). Each worker has
its own test database (pytest-django suffixes its name with the worker: `test_hromada_gw0`;
SQLite's is in memory), its own temporary folders (media, private files) and its own
in-memory cache; servers the tests start listen on free ports. The tests of one file stay
on one worker (their module fixtures start servers, build the wheel); the browser tests all
share one worker, since each worker would otherwise start its own demo server.
"""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from PIL import Image

# Files whose tests run longest (the demo server and browser, the wheel): handed out first, so
# no worker is left alone with them at the end.
LONG_FIRST = ("tests/e2e/", "tests/test_package.py")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            path = item.nodeid.split("::", 1)[0]
            group = "e2e" if path.startswith("tests/e2e/") else path
            item.add_marker(pytest.mark.xdist_group(group))


# After every reordering (pytest-django moves database tests first), before xdist sends the order.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    session.items.sort(key=lambda item: not item.nodeid.startswith(LONG_FIRST))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):  # type: ignore[no-untyped-def]
    # The demo's files go to this worker's own folders, not the checkout's var/: parallel
    # workers each load the demo at once.
    folders = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media")),
        PRIVATE_MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-private")),
    )
    with folders, django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """Uploads made by a test go to temporary folders (public and private); demo media stay
    where they were."""
    media = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = str(media)
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path_factory.mktemp("private"))
    yield media


@pytest.fixture(autouse=True)
def _fresh_page_cache() -> Iterator[None]:
    """Every test starts with an empty page cache and re-reads the content generation.

    Tests roll their transactions back, so a generation bumped by one test is gone in the
    next while the pages it cached would still be there.
    """
    from django.core.cache import cache

    from hromada.core.middleware import generation

    cache.clear()
    generation.forget()
    yield
    cache.clear()
    generation.forget()


@pytest.fixture
def admin_user(django_user_model):  # type: ignore[no-untyped-def]
    return django_user_model.objects.get(username="admin")


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def png_bytes() -> bytes:
    return image_bytes("PNG")


@pytest.fixture
def jpeg_bytes() -> bytes:
    return image_bytes("JPEG")


class SlowDns:
    """A resolver that gives no answer for names ending in "slow.test" until the test ends
    (a DNS server that hangs; then they resolve to 127.0.0.1). Other names resolve as usual.
    Give it to `outbound.Guard(getaddrinfo=…)`, or install it as the system's
    (`system_slow_dns`) for code that builds its own guard."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked: list[str] = []
        self.real = socket.getaddrinfo

    def __call__(self, host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host.endswith("slow.test"):
            self.asked.append(host)
            self.release.wait(30)
            host = "127.0.0.1"
        return self.real(host, port, *args, **kwargs)


@pytest.fixture
def slow_dns(settings) -> Iterator[SlowDns]:  # type: ignore[no-untyped-def]
    """A hanging resolver, with HROMADA_OUTBOUND_DNS_TIMEOUT at 0.3 s; released at the end."""
    settings.HROMADA_OUTBOUND_DNS_TIMEOUT = 0.3
    resolver = SlowDns()
    yield resolver
    resolver.release.set()


@pytest.fixture
def system_slow_dns(slow_dns: SlowDns, monkeypatch: pytest.MonkeyPatch) -> SlowDns:
    monkeypatch.setattr(socket, "getaddrinfo", slow_dns)
    return slow_dns
