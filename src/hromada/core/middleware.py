"""Security headers and the anonymous page cache."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation

from hromada.core import page_cache

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)

# Paths that are never cached: personalised, private or already served elsewhere.
UNCACHED_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/media/", "/static/", "/lang/")
CACHEABLE_TYPES = (
    "text/html",
    "application/xml",
    "application/rss",
    "application/atom",
    "text/plain",
)
# Set on every response the cache handles: "hit" (served from the cache) or "miss" (stored).
CACHE_HEADER = "X-Cache"
# Part of every key; change it when the stored format changes, so that a shared cache (Redis)
# never hands entries of the old format to new code.
CACHE_FORMAT = "v3"


def chosen_language(request: HttpRequest) -> str:
    """The visitor's language: the one they picked with the switch, else the site's (Ukrainian).

    Accept-Language is deliberately ignored: many residents' browsers say English or Russian,
    and the official portal speaks Ukrainian unless asked otherwise.
    """
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class LanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware that chooses by `chosen_language` instead of the browser's wishes."""

    def process_request(self, request: HttpRequest) -> None:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


# Kept under this name for callers that only need "has anything changed" (`get`, `forget`).
generation = page_cache.generations

# What the cache stores for a page: status, headers and body (not a pickled response object),
# the scopes it shows and their generations when its rendering began.
CachedPage = tuple[int, tuple[tuple[str, str], ...], bytes, tuple[str, ...], tuple[int, ...]]


class AnonymousPageCacheMiddleware:
    """Serve public pages to anonymous visitors from the cache.

    A stored page remembers the scopes of content it shows (`core/page_cache.py`) and their
    generations when its rendering began; it is served only while those are unchanged, so a
    published change is visible at once (within a second on other workers) and a change
    empties only the pages that show it. The key holds the local date, so what a page counts
    from today is never a day old.
    A visitor with a session cookie (staff, a logged-in resident) is never served from
    or written to the cache, and a response that sets a cookie is never stored.

    It is the first middleware: a hit is answered before any other middleware runs, with the
    status, headers and body that the whole stack produced for the miss that stored it (security
    headers, CSP, Content-Language and Vary included). So the key holds everything those
    depend on: scheme, host, full path and the language LanguageMiddleware chooses (the
    language cookie, else Ukrainian).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = self._key(request) if self._cacheable_request(request) else None
        if key is None:
            return self.get_response(request)
        page: CachedPage | None = cache.get(key)
        if page is not None and page_cache.generations.versions(page[3]) == page[4]:
            return self._response(page)
        # Read before rendering: a change committed meanwhile leaves the entry already stale.
        before = page_cache.generations.snapshot()
        with page_cache.recording() as shown:
            response = self.get_response(request)
        if self._cacheable_response(response):
            response[CACHE_HEADER] = "miss"
            scopes = page_cache.dependencies(shown)
            versions = page_cache.generations.versions(scopes, before)
            page = self._page(response, scopes, versions)
            cache.set(key, page, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _cacheable_request(request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(UNCACHED_PREFIXES)
        )

    @staticmethod
    def _key(request: HttpRequest) -> str | None:
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the rest of the stack answers it (400), with the usual headers
        # The same choice LocaleMiddleware makes (it runs after this middleware).
        language = chosen_language(request)
        extra = "|".join(part() for part in page_cache.key_parts)
        raw = f"{request.scheme}|{host}|{request.get_full_path()}|{language}|{extra}"
        digest = hashlib.sha256(raw.encode()).hexdigest()
        # The local date too: pages count days (days left for comments, upcoming events,
        # overdue marks), and those change at midnight with no content change.
        today = timezone.localdate().isoformat()
        return f"page:{CACHE_FORMAT}:{today}:{digest}"

    @staticmethod
    def _cacheable_response(response: HttpResponse) -> bool:
        content_type = response.get("Content-Type", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and content_type.startswith(CACHEABLE_TYPES)
            and "private" not in response.get("Cache-Control", "")
            # A CSP nonce must be new for every response.
            and "'nonce-" not in response.get("Content-Security-Policy", "")
        )

    @staticmethod
    def _page(
        response: HttpResponse,
        scopes: tuple[str, ...],
        versions: tuple[int, ...],
    ) -> CachedPage:
        headers = tuple((name, value) for name, value in response.items() if name != CACHE_HEADER)
        return (response.status_code, headers, response.content, scopes, versions)

    @staticmethod
    def _response(page: CachedPage) -> HttpResponse:
        status, headers, content = page[:3]
        response = HttpResponse(content, status=status, headers=dict(headers))
        response[CACHE_HEADER] = "hit"
        return response


class SiteMiddleware:
    """Finds the request's Wagtail site once per process and site generation instead of once
    per request (`selectors.site_for_request`); Wagtail reads it from `request._wagtail_site`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from hromada.core.selectors import site_for_request

        request._wagtail_site = site_for_request(request)  # type: ignore[attr-defined]
        return self.get_response(request)
