"""The stand-in ID.GOV.UA served on 127.0.0.1 for the tests, and a helper that walks a
test client through its sign-in page like a browser would."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx

from hromada.participation.residents.idgovua_standin import StandIn

CLIENT_ID = "hromada-test-portal"
CLIENT_SECRET = "test-client-secret"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadedServer(WSGIServer):
    daemon_threads = True


@contextmanager
def running_standin(port: int = 0) -> Iterator[tuple[StandIn, str]]:
    app = StandIn(clients={CLIENT_ID: CLIENT_SECRET})
    server = make_server("127.0.0.1", port, app, server_class=_ThreadedServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def configure(settings: Any, url: str) -> None:
    settings.IDGOVUA_CLIENT_ID = CLIENT_ID
    settings.IDGOVUA_CLIENT_SECRET = CLIENT_SECRET
    settings.IDGOVUA_URL = url
    settings.IDGOVUA_ALLOW_PRIVATE = True
    settings.IDGOVUA_AUTH_TYPES = ["dig_sign", "bank_id", "diia_id"]


def person(number: str = "3012345678", **fields: str) -> dict[str, str]:
    return {
        "lastname": "Коваленко",
        "givenname": "Олена",
        "middlename": "Петрівна",
        "drfocode": number,
        "email": "",
        **fields,
    }


def authorize(client: Any, data: dict[str, str], *, auth_type: str = "bank_id") -> str:
    """Start the sign-in with the portal, fill the stand-in's page: the callback's path and
    query, as the browser would be sent back (not yet requested)."""
    start = client.get("/account/e-id/")
    assert start.status_code == 302, start
    location = start["Location"]
    query = {k: v[-1] for k, v in parse_qs(urlsplit(location).query).items()}
    form = {**query, **data, "chosen_auth_type": auth_type, "go": "1"}
    base = location.split("?", 1)[0]
    answer = httpx.post(base, data=form, follow_redirects=False, trust_env=False)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    return f"{back.path}?{back.query}"
