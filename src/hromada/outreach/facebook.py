"""A client of the Facebook Graph API for the city's Page: the calls the office uses, through
core/outbound.py.

- a post with a link: `POST {FACEBOOK_GRAPH_URL}/{page-id}/feed` (`message`, `link`) → `{"id"}`;
- a photo post: `POST /{page-id}/photos` (`url`, `caption`) → `{"id", "post_id"}`;
- an edit: `POST /{post-id}` (`message`) → `{"success": true}`; a removal: `DELETE /{post-id}`;
- the Page's followers: `GET /{page-id}?fields=followers_count,fan_count`.

Errors come as `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`.
Codes 1 and 2 (temporary) and 4, 17, 32, 613 (rate limits) are worth retrying; others (190 an
invalid or expired token, 200-299 permissions, 506 a duplicate post) are not. The token goes in
the request body, never in an address.
"""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings

from hromada.core import outbound
from hromada.outreach.telegram import TIMEOUT_SECONDS

TEMPORARY_CODES = {1, 2, 4, 17, 32, 341, 613}


class GraphApiError(Exception):
    def __init__(self, message: str, *, code: int = 0, trace: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.trace = trace

    @property
    def temporary(self) -> bool:
        return self.code in TEMPORARY_CODES or self.code == 0 or self.code >= 500

    @property
    def retry_after(self) -> None:
        return None  # the Graph API gives no wait; the backoff decides


def configured() -> bool:
    return bool(settings.FACEBOOK_PAGE_ID and settings.FACEBOOK_PAGE_TOKEN)


def _request(method: str, path: str, data: dict[str, Any] | None = None) -> Any:
    url = f"{settings.FACEBOOK_GRAPH_URL.rstrip('/')}/{path.lstrip('/')}"
    body = {**(data or {}), "access_token": settings.FACEBOOK_PAGE_TOKEN}
    guard = outbound.guard_for("OUTREACH_ALLOW_PRIVATE_ADDRESSES")
    try:
        with outbound.client(guard, timeout=TIMEOUT_SECONDS) as client:
            if method == "GET":
                response = client.get(url, params=body)
            else:
                response = client.request(method, url, data=body)
    except (httpx.HTTPError, outbound.AddressRefused) as error:
        raise GraphApiError(f"connection failed ({type(error).__name__})") from None
    try:
        answer = response.json()
    except ValueError:
        raise GraphApiError(f"HTTP {response.status_code}", code=response.status_code) from None
    if response.status_code >= 400 or (isinstance(answer, dict) and "error" in answer):
        failure = answer.get("error", {}) if isinstance(answer, dict) else {}
        raise GraphApiError(
            str(failure.get("message") or f"HTTP {response.status_code}")[:300],
            code=int(failure.get("code") or response.status_code),
            trace=str(failure.get("fbtrace_id", "")),
        )
    return answer


def post_link(message: str, link: str) -> str:
    answer = _request(
        "POST", f"{settings.FACEBOOK_PAGE_ID}/feed", {"message": message, "link": link}
    )
    return str(answer["id"])


def post_photo(message: str, photo_url: str) -> str:
    answer = _request(
        "POST", f"{settings.FACEBOOK_PAGE_ID}/photos", {"caption": message, "url": photo_url}
    )
    return str(answer.get("post_id") or answer["id"])


def update_post(post_id: str, message: str) -> None:
    _request("POST", post_id, {"message": message})


def delete_post(post_id: str) -> None:
    _request("DELETE", post_id)


def follower_count() -> int:
    answer = _request("GET", settings.FACEBOOK_PAGE_ID, {"fields": "followers_count,fan_count"})
    return int(answer.get("followers_count") or answer.get("fan_count") or 0)


def post_link_url(post_id: str) -> str:
    """The public address of a Page post ("{page-id}_{post-id}")."""
    page, _, post = post_id.partition("_")
    return f"https://www.facebook.com/{page}/posts/{post}" if post else ""
