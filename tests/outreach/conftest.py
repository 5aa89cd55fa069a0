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
