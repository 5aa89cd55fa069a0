"""A local oEmbed provider on 127.0.0.1: no test reaches the internet."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

YOUTUBE_PLAYER = (
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/{video_id}" '
    'frameborder="0" '
    'allow="accelerometer; autoplay; encrypted-media; picture-in-picture" allowfullscreen '
    'title="YouTube video player"></iframe>'
)


@dataclass
class OEmbedServer:
    base_url: str
    requests: list[str] = field(default_factory=list)
    delay_seconds: float = 0.0

    def provider(self, path: str = "/oembed") -> dict[str, object]:
        return {
            "endpoint": f"{self.base_url}{path}",
            "urls": [r"^https://www\.youtube\.com/watch\?v=[\w-]+$", r"^https://vimeo\.com/\d+$"],
        }

    def finders(self, path: str = "/oembed") -> list[dict[str, object]]:
        return [{"class": "hromada.portal.embeds.OEmbedFinder", "providers": [self.provider(path)]}]


def _handler(server_state: OEmbedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            parsed = urlparse(self.path)
            server_state.requests.append(self.path)
            query = parse_qs(parsed.query)
            video_url = query.get("url", [""])[0]
            if parsed.path == "/slow":
                time.sleep(server_state.delay_seconds)
            if parsed.path == "/missing":
                self._send(404, b'{"error": "not found"}')
                return
            if parsed.path == "/garbage":
                self._send(200, b"<html>not json</html>", "text/html")
                return
            if parsed.path == "/huge":
                self._send(200, b'{"type": "video", "html": "' + b"x" * (2 * 1024 * 1024) + b'"}')
                return
            if parsed.path == "/link":
                self._send(200, json.dumps({"type": "link", "title": "Лише посилання"}).encode())
                return
            video_id = video_url.rsplit("=", 1)[-1].rsplit("/", 1)[-1]
            answer = {
                "type": "video",
                "version": "1.0",
                "title": "Відео з каналу міста",
                "provider_name": "YouTube",
                "width": 560,
                "height": 315,
                "html": YOUTUBE_PLAYER.format(video_id=video_id),
            }
            self._send(200, json.dumps(answer).encode())

    return Handler


@pytest.fixture
def oembed_server() -> Iterator[OEmbedServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.daemon_threads = True
    server.handle_error = lambda request, client_address: None  # type: ignore[method-assign]  # clients that hang up early
    state = OEmbedServer(base_url=f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(state)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def closed_port() -> int:
    """A local port where nothing listens (connections are refused at once)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
