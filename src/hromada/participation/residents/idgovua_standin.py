"""A local stand-in for ID.GOV.UA: a small WSGI application speaking the same protocol as
the real service (residents/idgovua.py describes it), so that the whole sign-in runs here
without the internet: in the tests, and in `make run`'s demo (`hromada idgovua_standin`).

Its sign-in page asks for what the real service reads from a qualified e-signature, BankID
or Дія.Підпис: the person's names and РНОКПП (or passport number), and the way of signing in
among the `auth_type`s the portal offered. Codes work once and expire; tokens expire; the
encrypted mode answers `encryptedUserInfo` as base64 of the JSON (the real service encrypts
it for the portal's certificate; `decode_encrypted` is the stand-in's "decryptor").

Never part of a production site: `hromada idgovua_standin` refuses to start unless DEBUG or
IDGOVUA_STANDIN_ENABLED is on. Its page is in Ukrainian only, like the service it imitates.
"""

from __future__ import annotations

import base64
import html
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

AUTH_TYPE_LABELS = {
    "dig_sign": "Кваліфікований електронний підпис (КЕП)",
    "bank_id": "BankID НБУ",
    "diia_id": "Дія.Підпис",
}
ISSUERS = {
    "dig_sign": "КНЕДП - ІДД ДПС",
    "bank_id": "BankID НБУ",
    "diia_id": "КНЕДП ДІЯ",
}

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    person: dict[str, str]
    expires: float
    used: bool = False


@dataclass
class _Token:
    user_id: str
    person: dict[str, str]
    expires: float


@dataclass
class StandIn:
    """The stand-in server. ``clients`` maps client ids to secrets. Tests may shorten
    ``code_ttl`` and ``token_ttl`` or set ``user_info_error`` to see the client's errors."""

    clients: dict[str, str]
    code_ttl: float = 120.0
    token_ttl: float = 600.0
    user_info_error: bool = False
    _grants: dict[str, _Grant] = field(default_factory=dict)
    _tokens: dict[str, _Token] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if environ.get("REQUEST_METHOD") == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(min(size, 65536)).decode("utf-8", "replace")
            query.update({k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()})
            if path == "/":
                return self._signed_in(query, start_response)
        if path == "/":
            return self._page(query, start_response)
        if path == "/get-access-token":
            return self._json(start_response, *self._access_token(query))
        if path == "/get-user-info":
            return self._json(start_response, *self._user_info(query))
        if path == "/get-user-logout":
            with self._lock:
                self._tokens.pop(query.get("access_token", ""), None)
            return self._json(start_response, 200, {"error": "0", "error_description": "OK"})
        return self._json(start_response, 404, _error("not_found", "Невідомий запит"))

    # --- the browser's side ---------------------------------------------------------------

    def _check_start(self, query: dict[str, str]) -> str:
        if query.get("response_type") != "code":
            return "response_type має бути code"
        if query.get("client_id") not in self.clients:
            return "Невідомий client_id"
        if not query.get("redirect_uri", "").startswith(("http://", "https://")):
            return "Немає redirect_uri"
        types = [t for t in query.get("auth_type", "").split(",") if t in AUTH_TYPE_LABELS]
        if not types:
            return "Невідомий auth_type"
        return ""

    def _page(self, query: dict[str, str], start_response: StartResponse) -> Iterable[bytes]:
        problem = self._check_start(query)
        if problem:
            return self._html(start_response, 400, f"<p role='alert'>{html.escape(problem)}</p>")
        types = [t for t in query["auth_type"].split(",") if t in AUTH_TYPE_LABELS]
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(query.get(name, ""))}">'
            for name in ("response_type", "client_id", "auth_type", "state", "redirect_uri")
        )
        choices = "".join(
            f'<label><input type="radio" name="chosen_auth_type" value="{t}"'
            f"{' checked' if i == 0 else ''}> {AUTH_TYPE_LABELS[t]}</label><br>"
            for i, t in enumerate(types)
        )
        fields = "".join(
            f'<p><label>{label}<br><input name="{name}" autocomplete="off"></label></p>'
            for name, label in (
                ("lastname", "Прізвище"),
                ("givenname", "Ім'я"),
                ("middlename", "По батькові"),
                ("drfocode", "РНОКПП (або серія і номер паспорта)"),
                ("email", "Електронна пошта"),
            )
        )
        body = (
            "<h1>Тестовий вхід ID.GOV.UA</h1><p>Локальна заміна ID.GOV.UA для розробки: "
            "справжній сервіс читає ці дані з електронного підпису або банку.</p>"
            f'<form method="post" action="/">{hidden}<fieldset><legend>Спосіб входу</legend>'
            f"{choices}</fieldset>{fields}"
            '<button type="submit" name="go" value="1">Увійти</button> '
            '<button type="submit" name="cancel" value="1">Скасувати</button></form>'
        )
        return self._html(start_response, 200, body)

    def _signed_in(self, form: dict[str, str], start_response: StartResponse) -> Iterable[bytes]:
        problem = self._check_start(form)
        if problem:
            return self._html(start_response, 400, f"<p role='alert'>{html.escape(problem)}</p>")
        back = form["redirect_uri"]
        back += "&" if "?" in back else "?"
        if form.get("cancel"):
            target = back + urlencode({"error": "access_denied", "state": form.get("state", "")})
        else:
            auth_type = form.get("chosen_auth_type", "")
            if auth_type not in form["auth_type"].split(","):
                auth_type = form["auth_type"].split(",")[0]
            person = {
                name: " ".join(form.get(name, "").split())
                for name in ("lastname", "givenname", "middlename", "drfocode", "email")
            }
            person["auth_type"] = auth_type
            person["issuer"] = f"O={ISSUERS[auth_type]};C=UA"
            person["issuercn"] = ISSUERS[auth_type]
            person["serial"] = secrets.token_hex(20).upper()
            person["subjectcn"] = " ".join(
                person[k] for k in ("lastname", "givenname", "middlename") if person[k]
            )
            person["edrpoucode"] = ""
            code = secrets.token_hex(16)
            with self._lock:
                self._grants[code] = _Grant(
                    client_id=form["client_id"],
                    redirect_uri=form["redirect_uri"],
                    person=person,
                    expires=time.monotonic() + self.code_ttl,
                )
            target = back + urlencode({"code": code, "state": form.get("state", "")})
        start_response("302 Found", [("Location", target), ("Content-Length", "0")])
        return [b""]

    # --- the portal's side ----------------------------------------------------------------

    def _access_token(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if query.get("grant_type") != "authorization_code":
            return 400, _error("unsupported_grant_type", "grant_type має бути authorization_code")
        client_id = query.get("client_id", "")
        if client_id not in self.clients or self.clients[client_id] != query.get("client_secret"):
            return 401, _error("invalid_client", "Невірні client_id або client_secret")
        with self._lock:
            grant = self._grants.get(query.get("code", ""))
            if grant is None or grant.used or grant.client_id != client_id:
                return 400, _error(
                    "invalid_grant", "Код авторизації невідомий або вже використаний"
                )
            grant.used = True
            if grant.expires < time.monotonic():
                return 400, _error("invalid_grant", "Строк дії коду авторизації сплив")
            token = secrets.token_hex(20)
            user_id = str(secrets.randbelow(10**9))
            self._tokens[token] = _Token(
                user_id=user_id, person=grant.person, expires=time.monotonic() + self.token_ttl
            )
        return 200, {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": int(self.token_ttl),
            "refresh_token": secrets.token_hex(20),
            "user_id": user_id,
        }

    def _user_info(self, query: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            token = self._tokens.get(query.get("access_token", ""))
        if token is None or token.user_id != query.get("user_id"):
            return 401, _error("invalid_token", "Маркер доступу невідомий")
        if token.expires < time.monotonic():
            return 401, _error("invalid_token", "Строк дії маркера доступу сплив")
        if self.user_info_error:
            return 500, _error("server_error", "Внутрішня помилка сервера")
        wanted = [f for f in query.get("fields", "").split(",") if f]
        info = {k: v for k, v in token.person.items() if not wanted or k in wanted}
        info["auth_type"] = token.person["auth_type"]
        if not info.get("drfocode"):
            info.pop("drfocode", None)
        if query.get("cert"):
            encoded = base64.b64encode(json.dumps(info, ensure_ascii=False).encode()).decode()
            return 200, {"encryptedUserInfo": encoded}
        return 200, info

    # --- answers --------------------------------------------------------------------------

    @staticmethod
    def _json(start_response: StartResponse, status: int, data: dict[str, Any]) -> list[bytes]:
        body = json.dumps(data, ensure_ascii=False).encode()
        reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found"}
        start_response(
            f"{status} {reason.get(status, 'Error')}",
            [
                ("Content-Type", "application/json; charset=utf-8"),
                ("Content-Length", str(len(body))),
            ],
        )
        return [body]

    @staticmethod
    def _html(start_response: StartResponse, status: int, body: str) -> list[bytes]:
        page = (
            '<!doctype html><html lang="uk"><head><meta charset="utf-8">'
            "<title>ID.GOV.UA (тестовий)</title></head><body><main>"
            f"{body}</main></body></html>"
        ).encode()
        start_response(
            "200 OK" if status == 200 else "400 Bad Request",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
        )
        return [page]


def _error(code: str, description: str) -> dict[str, str]:
    return {"error": code, "error_description": description}


def decode_encrypted(payload: str) -> dict[str, Any]:
    """The stand-in's "decryptor" for its encrypted mode (IDGOVUA_DECRYPTOR in tests)."""
    data: dict[str, Any] = json.loads(base64.b64decode(payload))
    return data
