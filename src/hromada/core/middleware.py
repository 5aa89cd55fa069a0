"""Security headers and the anonymous page cache."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language_from_request

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# Paths that are never cached: personalised, private or already served elsewhere.
UNCACHED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/media/", "/static/", "/lang/")
CACHEABLE_TYPES = ("text/html", "application/xml", "application/rss", "application/atom", "text/plain")
# How long a worker trusts its last reading of the content generation.
GENERATION_TTL_SECONDS = 1.0


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class _GenerationReader:
    """Reads ContentGeneration at most once a second per process."""

    def __init__(self) -> None:
        self.value = -1
        self.read_at = 0.0

    def get(self) -> int:
        now = time.monotonic()
        if now - self.read_at > GENERATION_TTL_SECONDS:
            from hromada.core.models import ContentGeneration

            self.value = ContentGeneration.current()
            self.read_at = now
        return self.value

    def forget(self) -> None:
        self.read_at = 0.0


generation = _GenerationReader()


class AnonymousPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache.

    The key holds the content generation, which publishing bumps, so a published change
    is visible at once (within a second on other workers) without hunting down keys.
    A visitor with a session cookie (staff, a logged-in resident) is never served from
    or written to the cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def _cacheable_request(self, request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(UNCACHED_PREFIXES)
        )

    def _key(self, request: HttpRequest) -> str:
        language = get_language_from_request(request)
        raw = f"{request.get_host()}|{request.get_full_path()}|{language}"
        digest = hashlib.sha256(raw.encode()).hexdigest()
        return f"page:{generation.get()}:{digest}"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._cacheable_response(response):
            response["X-Cache"] = "miss"
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _cacheable_response(response: HttpResponse) -> bool:
        content_type = response.get("Content-Type", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and content_type.startswith(CACHEABLE_TYPES)
            and "private" not in response.get("Cache-Control", "")
        )
