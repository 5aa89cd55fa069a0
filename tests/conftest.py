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
from django.test import Client, override_settings
from PIL import Image

from tests.database_copy import DEMO_FOLDERS

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
    media, private = tmp_path_factory.mktemp("demo-media"), tmp_path_factory.mktemp("demo-private")
    DEMO_FOLDERS.update(media=media, private=private)  # for copies (tests/database_copy.py)
    folders = override_settings(MEDIA_ROOT=str(media), PRIVATE_MEDIA_ROOT=str(private))
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
    """Every test starts with an empty page cache, re-reads the content generations and
    forgets the per-process memos.

    Tests roll their transactions back, so a generation bumped by one test is gone in the
    next while the pages it cached would still be there.
    """
    from django.core.cache import cache

    from hromada.core import page_cache

    cache.clear()
    page_cache.generations.forget()
    page_cache.forget_memos()
    yield
    cache.clear()
    page_cache.generations.forget()
    page_cache.forget_memos()


# --- Two-factor sign-in ------------------------------------------------------------------------
# Staff who need the second factor (core/two_factor.py) reach the admin only after it, and a
# `force_login` alone does not give it. So every test client's `force_login` completes the
# step the way a person does, through the real pages: enrolment (a real TOTP code from the new
# key) for an account without an authenticator, otherwise the code page with the current TOTP
# code, or a fresh recovery code when this period's code was used already (TOTP codes are
# accepted once). Nothing is switched off: the middleware and views are the production ones.


def totp_code(device: Any) -> tuple[str, int]:
    """The device's current code and time step, computed as an authenticator app does."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}", totp.t()


def _submit(client: Client, url: str, data: dict[str, str]) -> Any:
    """Open the page as a person does (which also sets the CSRF cookie), then send it."""
    from django.conf import settings

    client.get(url)
    cookie = client.cookies.get(settings.CSRF_COOKIE_NAME)
    if cookie is not None:
        data = {**data, "csrfmiddlewaretoken": cookie.value}
    return client.post(url, data)


def complete_second_factor(client: Client, user: Any) -> None:
    from django.urls import reverse

    from hromada.core import two_factor

    if not two_factor.owes_second_factor(user):
        return
    device = two_factor.totp_device(user)
    if device is None:
        setup = reverse("core_two_factor_setup")
        client.get(setup)  # makes the pending authenticator
        pending = two_factor.pending_device(user=user)
        response = _submit(client, setup, {"code": totp_code(pending)[0]})
        assert response.status_code == 200, "two-factor enrolment failed"
        return
    code, step = totp_code(device)
    if device.last_t >= step:
        code = two_factor.regenerate_recovery_codes(user=user)[0]
    response = _submit(client, reverse("core_two_factor_verify"), {"code": code})
    assert response.status_code == 302, "the second factor was refused"


_django_force_login = Client.force_login


def _force_login_with_second_factor(self: Client, user: Any, backend: str | None = None) -> None:
    _django_force_login(self, user, backend)
    complete_second_factor(self, user)


Client.force_login = _force_login_with_second_factor  # type: ignore[method-assign]


@pytest.fixture
def admin_user(django_user_model):  # type: ignore[no-untyped-def]
    """The demo's admin. A transactional test run earlier on this worker leaves the tables
    emptied (pytest-django flushes after it); then an admin like the demo's is made again."""
    found = django_user_model.objects.filter(username="admin").first()
    return found or django_user_model.objects.create_superuser("admin", "admin@example.org")


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
