"""Loopback stand-ins for the outreach tests: a Telegram Bot API server answering as the real
one does (`{"ok": …}` envelopes, 401 for a wrong token, 429 with `parameters.retry_after`,
5xx), and a real SMTP server (aiosmtpd) receiving the e-mails."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller

TOKEN = "123456:TEST-token"


@dataclass
class BotApi:
    url: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    # Answers queued for the next calls: (HTTP status, body); empty means success.
    script: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    next_id: int = 100
    members: int = 2154

    def reset(self) -> None:
        self.calls.clear()
        self.script.clear()


def _handler(api: BotApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            payload = json.loads(self.rfile.read(length) or b"{}")
            prefix, _, method = self.path.lstrip("/").partition("/")
            if prefix != f"bot{TOKEN}":
                return self._answer(
                    401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
                )
            api.calls.append((method, payload))
            if api.script:
                return self._answer(*api.script.pop(0))
            if method in {"sendMessage", "sendPhoto"}:
                api.next_id += 1
                result: Any = {
                    "message_id": api.next_id,
                    "chat": {"id": -1001234567890, "type": "channel", "username": "testcity"},
                    "date": 1600000000,
                    "text": payload.get("text", ""),
                }
            elif method == "getChatMemberCount":
                result = api.members
            else:
                result = True
            return self._answer(200, {"ok": True, "result": result})

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def too_many_requests(seconds: int) -> tuple[int, dict[str, Any]]:
    return (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": f"Too Many Requests: retry after {seconds}",
            "parameters": {"retry_after": seconds},
        },
    )


@pytest.fixture(scope="module")
def bot_api_server() -> Iterator[BotApi]:
    api = BotApi(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield api
    server.shutdown()
    server.server_close()


@pytest.fixture
def bot_api(bot_api_server: BotApi, settings: Any) -> BotApi:
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_CHANNEL = "@testcity"
    settings.TELEGRAM_API_URL = bot_api_server.url
    settings.OUTREACH_ALLOW_PRIVATE_ADDRESSES = True
    bot_api_server.reset()
    return bot_api_server


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            (list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def smtp(smtp_server: tuple[Inbox, int], settings: Any) -> Inbox:
    inbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    inbox.messages.clear()
    return inbox


# --- A Graph API stand-in ------------------------------------------------------------------

PAGE_ID = "105000000000001"
PAGE_TOKEN = "EAAG-test-page-token"


@dataclass
class GraphApi:
    url: str
    calls: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    script: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    next_id: int = 7000
    followers: int = 816

    def reset(self) -> None:
        self.calls.clear()
        self.script.clear()


def graph_error(code: int, message: str, kind: str = "OAuthException") -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEf1"}}


def _graph_handler(api: GraphApi) -> type[BaseHTTPRequestHandler]:
    from urllib.parse import parse_qsl, urlsplit

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _handle(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = dict(parse_qsl(self.rfile.read(length).decode())) if length else {}
            form.update(dict(parse_qsl(parts.query)))
            path = parts.path.removeprefix("/v25.0/")
            if form.pop("access_token", "") != PAGE_TOKEN:
                return self._answer(
                    400, graph_error(190, "Invalid OAuth access token - Cannot parse access token")
                )
            api.calls.append((method, path, form))
            if api.script:
                return self._answer(*api.script.pop(0))
            if method == "POST" and path in {f"{PAGE_ID}/feed", f"{PAGE_ID}/photos"}:
                api.next_id += 1
                post = f"{PAGE_ID}_{api.next_id}"
                body = {"id": post} if path.endswith("feed") else {"id": "9", "post_id": post}
                return self._answer(200, body)
            if method == "GET" and path == PAGE_ID:
                return self._answer(
                    200, {"followers_count": api.followers, "fan_count": 790, "id": PAGE_ID}
                )
            return self._answer(200, {"success": True})

        def do_POST(self) -> None:
            self._handle("POST")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

        def do_GET(self) -> None:
            self._handle("GET")

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


@pytest.fixture(scope="module")
def graph_api_server() -> Iterator[GraphApi]:
    api = GraphApi(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _graph_handler(api))
    api.url = f"http://127.0.0.1:{server.server_address[1]}/v25.0"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield api
    server.shutdown()
    server.server_close()


@pytest.fixture
def graph_api(graph_api_server: GraphApi, settings: Any) -> GraphApi:
    settings.FACEBOOK_PAGE_ID = PAGE_ID
    settings.FACEBOOK_PAGE_TOKEN = PAGE_TOKEN
    settings.FACEBOOK_GRAPH_URL = graph_api_server.url
    settings.OUTREACH_ALLOW_PRIVATE_ADDRESSES = True
    graph_api_server.reset()
    return graph_api_server
