"""A client of the Telegram Bot API (https://core.telegram.org/bots/api): the few methods the
office uses, through core/outbound.py.

Every call is `POST {TELEGRAM_API_URL}/bot<token>/<method>` with a JSON body; the answer is
`{"ok": true, "result": …}` or `{"ok": false, "error_code": N, "description": "…",
"parameters": {"retry_after": S}}` (429, flood control: wait S seconds). Text goes with
`parse_mode` HTML, where only `<`, `>` and `&` must be escaped (`escape`). The token is part of
the address, so no address or httpx message is ever put in an error or a log: `BotApiError`
carries the API's description only.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable
from typing import Any

import httpx
from django.conf import settings

from hromada.core import outbound

TIMEOUT_SECONDS = 15.0
ATTEMPTS = 4
# The longest flood-control wait honoured inside one job; longer waits fail the attempt.
MAX_RETRY_AFTER_SECONDS = 60
MESSAGE_LIMIT = 4096
CAPTION_LIMIT = 1024


class TokenRedactingFilter(logging.Filter):
    """Replaces the channels' tokens in log records (httpx logs each request's URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = [
            value
            for value in (settings.TELEGRAM_BOT_TOKEN, getattr(settings, "FACEBOOK_PAGE_TOKEN", ""))
            if value
        ]
        if secrets:
            text = record.getMessage()
            if any(secret in text for secret in secrets):
                for secret in secrets:
                    text = text.replace(secret, "***")
                record.msg, record.args = text, None
        return True


class BotApiError(Exception):
    def __init__(self, description: str, *, code: int = 0, retry_after: int | None = None):
        super().__init__(description)
        self.description = description
        self.code = code
        self.retry_after = retry_after

    @property
    def temporary(self) -> bool:
        return self.code == 429 or self.code >= 500 or self.code == 0


def configured() -> bool:
    return bool(settings.TELEGRAM_BOT_TOKEN and settings.TELEGRAM_CHANNEL)


def escape(text: str) -> str:
    """Text for parse_mode HTML: the three characters the Bot API asks to escape."""
    return html.escape(text, quote=False)


def call(method: str, payload: dict[str, Any]) -> Any:
    """One Bot API call; its `result`, or BotApiError."""
    url = f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"
    guard = outbound.guard_for("OUTREACH_ALLOW_PRIVATE_ADDRESSES")
    try:
        with outbound.client(guard, timeout=TIMEOUT_SECONDS) as client:
            response = client.post(url, json=payload)
    except (httpx.HTTPError, outbound.AddressRefused) as error:
        # httpx's messages may hold the address, and so the token: name the kind only.
        raise BotApiError(f"connection failed ({type(error).__name__})") from None
    try:
        answer = response.json()
    except ValueError:
        raise BotApiError(f"HTTP {response.status_code}", code=response.status_code) from None
    if isinstance(answer, dict) and answer.get("ok"):
        return answer.get("result")
    answer = answer if isinstance(answer, dict) else {}
    parameters = answer.get("parameters") or {}
    raise BotApiError(
        str(answer.get("description") or f"HTTP {response.status_code}")[:300],
        code=int(answer.get("error_code") or response.status_code),
        retry_after=parameters.get("retry_after"),
    )


def with_retries(action: Callable[[], Any], *, sleep: Callable[[float], None] = time.sleep) -> Any:
    """Run `action`, again after a temporary failure: after the `retry_after` the API asked
    for (429), else after 1, 2, 4 seconds (5xx, network)."""
    for attempt in range(ATTEMPTS):
        try:
            return action()
        except BotApiError as error:
            last = attempt == ATTEMPTS - 1
            if not error.temporary or last:
                raise
            if error.retry_after is not None:
                if error.retry_after > MAX_RETRY_AFTER_SECONDS:
                    raise
                sleep(float(error.retry_after))
            else:
                sleep(float(2**attempt))
    raise AssertionError("unreachable")


def send_message(text: str) -> dict[str, Any]:
    result: dict[str, Any] = call(
        "sendMessage",
        {"chat_id": settings.TELEGRAM_CHANNEL, "text": text[:MESSAGE_LIMIT], "parse_mode": "HTML"},
    )
    return result


def send_photo(photo_url: str, caption: str) -> dict[str, Any]:
    result: dict[str, Any] = call(
        "sendPhoto",
        {
            "chat_id": settings.TELEGRAM_CHANNEL,
            "photo": photo_url,
            "caption": caption[:CAPTION_LIMIT],
            "parse_mode": "HTML",
        },
    )
    return result


def edit_message_text(message_id: int, text: str) -> Any:
    return call(
        "editMessageText",
        {
            "chat_id": settings.TELEGRAM_CHANNEL,
            "message_id": message_id,
            "text": text[:MESSAGE_LIMIT],
            "parse_mode": "HTML",
        },
    )


def edit_message_caption(message_id: int, caption: str) -> Any:
    return call(
        "editMessageCaption",
        {
            "chat_id": settings.TELEGRAM_CHANNEL,
            "message_id": message_id,
            "caption": caption[:CAPTION_LIMIT],
            "parse_mode": "HTML",
        },
    )


def delete_message(message_id: int) -> Any:
    return call("deleteMessage", {"chat_id": settings.TELEGRAM_CHANNEL, "message_id": message_id})


def member_count() -> int:
    return int(call("getChatMemberCount", {"chat_id": settings.TELEGRAM_CHANNEL}))


def message_link(message_id: int | str) -> str:
    """The public address of a channel post (public channels only: @name)."""
    channel = str(settings.TELEGRAM_CHANNEL)
    if channel.startswith("@"):
        return f"https://t.me/{channel[1:]}/{message_id}"
    return ""
