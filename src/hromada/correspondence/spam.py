"""Spam resistance for the public forms, with no third-party service: a honeypot field, a
minimum fill time carried in a signed timestamp, and a rate limit per address in the cache."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

SALT = "hromada.correspondence.form-started"
HONEYPOT_FIELD = "website"
MAX_FORM_AGE = 24 * 3600


def min_fill_seconds() -> int:
    return int(getattr(settings, "CORRESPONDENCE_FORM_MIN_SECONDS", 5))


def rate_limit() -> tuple[int, int]:
    """(submissions, per seconds) allowed from one address."""
    limit = getattr(settings, "CORRESPONDENCE_FORM_RATE_LIMIT", (5, 600))
    return int(limit[0]), int(limit[1])


def started_token(now: float | None = None) -> str:
    """A signed 'the form was shown at' value for a hidden field."""
    return signing.dumps(int(time.time() if now is None else now), salt=SALT)


class TimingProblem(Exception):
    pass


def check_started(token: str, now: float | None = None) -> None:
    """TimingProblem when the token is forged, expired, or the form was filled too fast."""
    now = time.time() if now is None else now
    try:
        started = int(signing.loads(token, salt=SALT))
    except (signing.BadSignature, TypeError, ValueError) as error:
        raise TimingProblem("bad token") from error
    elapsed = now - started
    if elapsed < min_fill_seconds():
        raise TimingProblem("too fast")
    if elapsed > MAX_FORM_AGE:
        raise TimingProblem("expired")


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


@dataclass(frozen=True)
class RateResult:
    allowed: bool
    count: int


def hit(request: HttpRequest, scope: str) -> RateResult:
    """Count one attempt from the request's address; not allowed past the limit."""
    allowed, window = rate_limit()
    if scope == "tracking":
        allowed *= 6
    key = f"correspondence:rate:{scope}:{client_address(request)}"
    if cache.add(key, 1, window):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            count = 1
    return RateResult(allowed=count <= allowed, count=count)
