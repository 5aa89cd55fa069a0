"""A real HTTP server on 127.0.0.1 serving the recorded fixtures, and hostile endpoints:
a slow answer, an endless body, a redirect loop, 429 with Retry-After, 304, 404, 5xx,
redirects into internal addresses and a feed whose items link there."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hromada.core import outbound

FIXTURES = Path(__file__).parent / "fixtures"

ROBOTS = b"User-agent: *\nDisallow: /private/\n"

# path -> (fixture file, content type)
FILES = {
    "/rss.xml": ("rss.xml", "application/rss+xml; charset=utf-8"),
    "/atom.xml": ("atom.xml", "application/atom+xml"),
    "/cp1251.xml": ("cp1251.xml", "application/xml"),
    "/broken.xml": ("broken.xml", "application/rss+xml"),
    "/garbage.xml": ("garbage.xml", "application/rss+xml"),
    "/news/1.html": ("news-1.html", "text/html; charset=utf-8"),
    "/news/3.html": ("news-3.html", "text/html; charset=utf-8"),
    "/atom/1.html": ("atom-1.html", "text/html; charset=utf-8"),
    "/atom/2.html": ("atom-2.html", "text/html; charset=utf-8"),
    "/cp1251/1.html": ("cp1251-1.html", "text/html"),
    "/private/secret.html": ("news-1.html", "text/html; charset=utf-8"),
    "/internal-links.xml": ("internal-links.xml", "application/rss+xml; charset=utf-8"),
}
# path -> where it redirects: into the cloud's metadata service and a service on localhost
INTERNAL_REDIRECTS = {
    "/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "/to-localhost": "http://localhost:6379/",
}
ETAG = '"v1-feed"'


@dataclass
class Hostile:
    """State of the local server: its base URL and every request it received."""

    base: str = ""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    hits: dict[str, int] = field(default_factory=dict)
    slow_seconds: float = 3.0
    robots: bytes = ROBOTS
    #: path -> where it redirects (e.g. to another server); path -> (body, content type)
    redirects: dict[str, str] = field(default_factory=dict)
    extra: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _headers in self.requests]


def _make_handler(state: Hostile) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            state.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            state.hits[path] = state.hits.get(path, 0) + 1
            host = self.headers.get("Host", "")
            if path in state.redirects:
                return self._send(302, b"", {"Location": state.redirects[path]})
            if path == "/robots.txt":
                return self._send(200, state.robots, {"Content-Type": "text/plain"})
            if self.path in state.extra or path in state.extra:
                # an address with its query first (a channel's older page: ?before=N)
                body, content_type = state.extra.get(self.path) or state.extra[path]
                return self._send(200, body, {"Content-Type": content_type})
            if path in FILES:
                name, content_type = FILES[path]
                body = (FIXTURES / name).read_bytes().replace(b"HOST", host.encode())
                return self._send(200, body, {"Content-Type": content_type})
            if path == "/etag.xml":
                if self.headers.get("If-None-Match") == ETAG:
                    return self._send(304, b"", {"ETag": ETAG})
                body = (FIXTURES / "rss.xml").read_bytes().replace(b"HOST", host.encode())
                return self._send(
                    200,
                    body,
                    {
                        "Content-Type": "application/rss+xml",
                        "ETag": ETAG,
                        "Last-Modified": "Mon, 02 Mar 2020 10:00:00 GMT",
                    },
                )
            if path == "/slow.xml":
                time.sleep(state.slow_seconds)
                return self._send(200, b"<rss/>", {"Content-Type": "application/rss+xml"})
            if path in ("/big.xml", "/big-declared.xml"):
                # 50 MB, streamed; the client must stop reading long before the end.
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                total = 50 * 1024 * 1024
                if path == "/big-declared.xml":
                    self.send_header("Content-Length", str(total))
                else:
                    self.send_header("Connection", "close")
                self.end_headers()
                chunk = b"<!-- " + b"x" * 65520 + b" -->\n"
                sent = 0
                try:
                    while sent < total:
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True
                return None
            if path == "/cookie-gate":
                # sets a cookie and sends the client back to the same address: no loop
                if "gate=open" not in self.headers.get("Cookie", ""):
                    return self._send(
                        302, b"", {"Location": "/cookie-gate", "Set-Cookie": "gate=open; Path=/"}
                    )
                body = (FIXTURES / "rss.xml").read_bytes().replace(b"HOST", host.encode())
                return self._send(200, body, {"Content-Type": "application/rss+xml"})
            if path in ("/loop-a", "/loop-b"):
                target = "/loop-b" if path == "/loop-a" else "/loop-a"
                return self._send(302, b"", {"Location": target})
            if path in INTERNAL_REDIRECTS:
                return self._send(302, b"", {"Location": INTERNAL_REDIRECTS[path]})
            if path == "/moved.xml":
                return self._send(301, b"", {"Location": "/rss.xml"})
            if path == "/busy.xml":
                if state.hits[path] == 1:
                    return self._send(429, b"busy", {"Retry-After": "7"})
                body = (FIXTURES / "rss.xml").read_bytes().replace(b"HOST", host.encode())
                return self._send(200, body, {"Content-Type": "application/rss+xml"})
            if path == "/busy-long.xml":
                return self._send(429, b"busy", {"Retry-After": "86400"})
            if path == "/flaky.xml":
                if state.hits[path] <= 2:
                    return self._send(503, b"down")
                body = (FIXTURES / "atom.xml").read_bytes().replace(b"HOST", host.encode())
                return self._send(200, body, {"Content-Type": "application/atom+xml"})
            if path == "/down.xml":
                return self._send(500, b"down")
            return self._send(404, b"not found", {"Content-Type": "text/plain"})

    return Handler


def _serve() -> Iterator[Hostile]:
    state = Hostile()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(state))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def media_server() -> Iterator[Hostile]:
    yield from _serve()


@pytest.fixture
def other_site() -> Iterator[Hostile]:
    """A second site (another port: another origin, with its own robots.txt) that the first
    one's redirects can lead to."""
    yield from _serve()


@dataclass(frozen=True)
class OnlyThisServer(outbound.Guard):
    """Public addresses, and loopback only on the test server's port: as production treats
    a public site, with the fixtures still reachable. 127.0.0.1 elsewhere is refused."""

    port: int = 0

    def addresses(
        self, host: str, port: int, *, timeout: float | None = None
    ) -> list[outbound.IPAddress]:
        if port == self.port:
            return outbound.Guard(frozenset({"loopback"})).addresses(host, port, timeout=timeout)
        return super().addresses(host, port, timeout=timeout)


@pytest.fixture
def server_only(media_server: Hostile) -> OnlyThisServer:
    return OnlyThisServer(port=int(media_server.base.rsplit(":", 1)[1]))


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fetcher(sleeps):  # type: ignore[no-untyped-def]
    """A fetcher with short timeouts that records its waits instead of sleeping."""
    from hromada.monitoring.fetching import Fetcher, FetchPolicy

    policy = FetchPolicy(
        connect_timeout=2.0,
        read_timeout=0.5,
        max_bytes=1024 * 1024,
        max_redirects=3,
        retries=2,
        backoff_seconds=1.0,
        max_retry_wait=30.0,
        politeness_seconds=0.0,
    )
    with Fetcher(
        user_agent="Hromada-test (press@city.example)", policy=policy, sleep=sleeps.append
    ) as f:
        yield f
