"""Real-browser tests: a real server with the demo city, and Debian's Chromium.

The server is a subprocess (`hromada demo`, then gunicorn) with its own var directory,
so its database, media and secret are its own: pytest-django's live_server would flush
the session-wide demo data that the other tests rely on. On PostgreSQL (DATABASE_URL set)
it gets its own database, `<name>_e2e`, dropped and created afresh.

These tests never touch Django's database from the test process.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from tests.database_copy import copy_demo_files, copy_test_database, is_test_database
from tests.e2e.support import (
    BROWSER_LOCALE,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    ROOT,
    SEARCH_WORD,
    ParsedPage,
    fetch_page,
    sitemap_paths,
)
from tests.participation.standin import CLIENT_ID, CLIENT_SECRET, running_standin

BIN = Path(sys.executable).parent  # the virtualenv's bin/: hromada, gunicorn
E2E_DATABASE_SUFFIX = "_e2e"  # next to the test run's own database, so parallel runs never share
DEMO_TIMEOUT_SECONDS = 900  # a guard against a hang; a busy machine takes minutes
SERVER_START_TIMEOUT_SECONDS = 60


# --- The server ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _drop_database(url: str, *, create_again: bool = False) -> None:
    """Drop the PostgreSQL database of `url` (connections and all), and maybe create it anew."""
    import psycopg
    from psycopg import sql

    name = sql.Identifier(urlsplit(url).path.lstrip("/"))
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create_again:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _server_environment(var_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    # Nothing of the developer's own setup may leak into the server: its files, cache,
    # secret and database are its own.
    for name in (
        "SECRET_KEY",
        "MEDIA_ROOT",
        "PRIVATE_MEDIA_ROOT",
        "S3_BUCKET",
        "S3_PRIVATE_BUCKET",
        "REDIS_URL",
        "HTTPS",
    ):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="hromada.config.settings",
        HROMADA_VAR_DIR=str(var_dir),
        TASK_BACKEND="immediate",  # search indexing without a worker
        FETCH_VIDEO_EMBEDS="false",  # no internet
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",  # the real 404 page, not Django's technical one
        PYTHONUNBUFFERED="1",
        # Residents sign in "through ID.GOV.UA": the stand-in served by this test process.
        IDGOVUA_CLIENT_ID=CLIENT_ID,
        IDGOVUA_CLIENT_SECRET=CLIENT_SECRET,
        IDGOVUA_URL=_STANDIN_URL,
        IDGOVUA_ALLOW_PRIVATE="true",
        RESIDENT_ID_KEY="e2e-resident-id-key",
    )
    if os.environ.get("DATABASE_URL"):
        url = os.environ["DATABASE_URL"]
        name = urlsplit(url).path.lstrip("/") or "hromada"
        # Per xdist worker too (the browser tests share one worker, but a run with another
        # --dist must not have two servers drop each other's database).
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        suffix = E2E_DATABASE_SUFFIX + (f"_{worker}" if worker else "")
        env["DATABASE_URL"] = _with_database(url, name + suffix)
    return env


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"{url}/robots.txt", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(
        f"the server did not answer on {url} in {SERVER_START_TIMEOUT_SECONDS}s:\n{_tail(log)}"
    )


def _load_demo_and_collect_static(env: dict[str, str], var_dir: Path) -> None:
    """`hromada demo` and collectstatic (the storage is the Manifest one), side by side."""
    demo_log, static_log = var_dir / "demo.log", var_dir / "static.log"
    with demo_log.open("wb") as demo_out, static_log.open("wb") as static_out:
        demo = subprocess.Popen(
            [BIN / "hromada", "demo"], env=env, cwd=ROOT, stdout=demo_out, stderr=subprocess.STDOUT
        )
        static = subprocess.Popen(
            [BIN / "hromada", "collectstatic", "--noinput", "-v0"],
            # collectstatic needs no secret; giving it one keeps it from racing the demo
            # loader to create var/secret_key.
            env={**env, "SECRET_KEY": "collectstatic-needs-no-secret"},
            cwd=ROOT,
            stdout=static_out,
            stderr=subprocess.STDOUT,
        )
        try:
            static_code = static.wait(timeout=DEMO_TIMEOUT_SECONDS)
            demo_code = demo.wait(timeout=DEMO_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            demo.kill()
            static.kill()
            pytest.fail(f"hromada demo / collectstatic took over {DEMO_TIMEOUT_SECONDS}s")
    if static_code:
        pytest.fail(f"collectstatic failed ({static_code}):\n{_tail(static_log)}")
    if demo_code:
        pytest.fail(f"hromada demo failed ({demo_code}):\n{_tail(demo_log)}")


@contextmanager
def _gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        BIN / "gunicorn",
        "hromada.config.wsgi:application",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        "2",
        "--no-control-socket",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


_SERVER_ENV: dict[str, str] = {}
_STANDIN_PORT = _free_port()
_STANDIN_URL = f"http://127.0.0.1:{_STANDIN_PORT}"


def _collect_static(env: dict[str, str], var_dir: Path) -> None:
    """collectstatic (the storage is the Manifest one); it also makes the server's secret."""
    log = var_dir / "static.log"
    with log.open("wb") as out:
        code = subprocess.run(
            [BIN / "hromada", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=DEMO_TIMEOUT_SECONDS,
            check=False,
        ).returncode
    if code:
        pytest.fail(f"collectstatic failed ({code}):\n{_tail(log)}")


@pytest.fixture(scope="session")
def server_url(
    tmp_path_factory: pytest.TempPathFactory, django_db_setup: None, django_db_blocker: Any
) -> Iterator[str]:
    """The base URL of a real Hromada server with the demo city loaded.

    Its database is a copy of this worker's test database, which holds the demo city already
    (tests/database_copy.py): a copy instead of a second migrate and demo load. When no test
    database was set up (only tests that never touch the database were selected, so the
    settings still name the developer's own), the server loads the demo itself.
    """
    var_dir = tmp_path_factory.mktemp("e2e-var")
    env = _server_environment(var_dir)
    _SERVER_ENV.update(env)
    database_url = env.get("DATABASE_URL", "")
    with django_db_blocker.unblock():
        copy = is_test_database()
        if copy:
            # SQLite: var/hromada.sqlite3, the server's default; PostgreSQL: <name>_e2e_<worker>.
            name = urlsplit(database_url).path.lstrip("/") if database_url else "hromada"
            copy_test_database(name, var_dir)
    try:
        if copy:
            copy_demo_files(var_dir)  # the server's var/media and var/private
            _collect_static(env, var_dir)
        else:
            if database_url:
                _drop_database(database_url, create_again=True)
            _load_demo_and_collect_static(env, var_dir)
        with running_standin(port=_STANDIN_PORT), _gunicorn(env, var_dir / "server.log") as url:
            yield url
    finally:
        if database_url:
            _drop_database(database_url)


def _demo_admin_code() -> str:
    """The demo admin's current two-factor code, from the server's own `hromada demo_code`
    (the authenticator app of a person trying the demo)."""
    done = subprocess.run(
        [BIN / "hromada", "demo_code"],
        env=_SERVER_ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def demo_admin_code() -> Callable[[], str]:
    return _demo_admin_code


@pytest.fixture
def sign_in_as_demo_admin() -> Callable[[Page], None]:
    """Sign a page in to the admin as the README says: password, then the code."""

    def sign_in(page: Page) -> None:
        page.goto("/admin/login/")
        page.locator("#id_username").fill("admin")
        page.locator("#id_password").fill("hromada-demo")
        page.locator("#id_password").press("Enter")
        page.wait_for_url("**/admin/two-factor/verify/**")
        page.locator("#id_code").fill(_demo_admin_code())
        page.locator("#id_code").press("Enter")
        page.wait_for_url("**/admin/")

    return sign_in


@pytest.fixture
def identify() -> Callable[..., None]:
    """Sign a page's resident in through the stand-in ID.GOV.UA, from the portal's link."""

    def sign_in(page: Page, number: str, *, auth_type: str = "bank_id", **names: str) -> None:
        page.get_by_role("link", name=re.compile("Увійти через ID.GOV.UA")).first.click()
        page.wait_for_url(f"{_STANDIN_URL}/**")
        page.locator(f"input[name=chosen_auth_type][value={auth_type}]").check()
        fields = {"lastname": "Коваленко", "givenname": "Олена", "middlename": "", **names}
        for name, value in {**fields, "drfocode": number}.items():
            page.locator(f"input[name={name}]").fill(value)
        page.get_by_role("button", name="Увійти").click()

    return sign_in


# --- Finding the pages to test, the way a visitor would: from the menu ---------------


def _first_standard_page(base: str, sections: dict[str, ParsedPage]) -> str:
    """Breadth-first through the sections' subpage tiles, to the first ordinary content page."""
    queue = [href for page in sections.values() for href in page.links_in("section-tiles")]
    seen = set(sections) | set(queue)
    while queue and len(seen) < 300:
        href = queue.pop(0)
        page = fetch_page(base, href)
        if page.kind == "page-standard":
            return href
        for child in page.links_in("section-tiles"):
            if child not in seen:
                seen.add(child)
                queue.append(child)
    pytest.fail("no content page (StandardPage) found under the menu's sections")


@pytest.fixture(scope="session")
def site(server_url: str) -> dict[str, str]:
    """The path of one page of every public page type, found from the main menu."""
    home = fetch_page(server_url, "/")
    assert home.status == 200, f"the home page answered {home.status}"
    menu = home.links_in("#main-menu")
    assert menu, "the main menu is empty"
    menu_pages = {href: fetch_page(server_url, href) for href in menu}
    broken = {href: page.status for href, page in menu_pages.items() if page.status != 200}
    assert not broken, f"main menu pages that do not render: {broken}"
    first_of_kind: dict[str, str] = {}
    for href, page in menu_pages.items():
        first_of_kind.setdefault(page.kind, href)
    for kind in (
        "page-section",
        "page-news-index",
        "page-event-index",
        "page-gallery",
        "page-video-index",
    ):
        assert kind in first_of_kind, f"no {kind} in the main menu {menu}"

    sections = {href: page for href, page in menu_pages.items() if page.kind == "page-section"}
    section = next(href for href, page in sections.items() if page.links_in("section-tiles"))
    news_index = first_of_kind["page-news-index"]
    news_item = menu_pages[news_index].links_in("card-title")[0]
    categories = menu_pages[news_index].options_in("#f-category")
    assert categories, "the news filter offers no category"
    return {
        "home": "/",
        "section": section,
        "subsection": menu_pages[section].links_in("section-tiles")[0],
        "standard_page": _first_standard_page(server_url, sections),
        "news_index": news_index,
        "news_index_category": f"{news_index}?category={quote(categories[0])}",
        "news_item": news_item,
        "event_index": first_of_kind["page-event-index"],
        "event_page": menu_pages[first_of_kind["page-event-index"]].links_in("events")[0],
        "gallery_index": first_of_kind["page-gallery"],
        "album": menu_pages[first_of_kind["page-gallery"]].links_in("album-grid")[0],
        "video_index": first_of_kind["page-video-index"],
        "video_page": menu_pages[first_of_kind["page-video-index"]].links_in("video-list")[0],
        "search_results": f"/search/?q={quote(SEARCH_WORD)}",
        "not_found": "/this-page-does-not-exist/",
        **_organization_pages(server_url),
        "activity_report": _first_in_sitemap(server_url, "page-report"),
    }


def _first_in_sitemap(server_url: str, kind: str) -> str:
    """The path of the first page of `kind` (its body class) listed in the sitemap."""
    for path in sitemap_paths(server_url):
        if fetch_page(server_url, path).kind == kind:
            return path
    raise AssertionError(f"no {kind} page in the sitemap")


def _organization_pages(server_url: str) -> dict[str, str]:
    """The organizations register, one organization and the year-end table, from the sitemap."""
    for path in sitemap_paths(server_url):
        page = fetch_page(server_url, path)
        if page.kind == "page-organizations":
            return {
                "organization_register": path,
                "organization": page.links_in("register")[0],
                "organization_statistics": f"{path.rstrip('/')}/statistics/",
            }
    raise AssertionError("no organizations register page in the sitemap")


# --- The browser ----------------------------------------------------------------------


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    # Package scope: Playwright's sync API keeps an event loop running while it is started,
    # and Django refuses database access from there; the tests after this package need it.
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (never `playwright install`)")
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def new_context(browser: Browser, server_url: str) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts (a fresh visitor each) that are closed after the test."""
    contexts: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        options = {"base_url": server_url, "locale": BROWSER_LOCALE, "viewport": DESKTOP, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Iterator[Page]:
    """A page with the site's Content Security Policy in force; a CSP violation or an
    uncaught script error fails the test."""
    page = new_context().new_page()
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    yield page
    assert not problems, "\n".join(problems)
