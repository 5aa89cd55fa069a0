"""Error pages for answers that no Django handler draws (portal/errors.py has the rest).

- Maintenance (`MaintenanceMiddleware`, first in the stack): while the file
  `HROMADA_MAINTENANCE_FILE` exists (an operator creates it before an upgrade,
  docs/operations.md), every request is answered 503 with `Retry-After`, drawn without the
  database, which may be half-migrated.
- Addresses longer than `HROMADA_MAX_URL_LENGTH` (4000) get our 414; gunicorn's and nginx's
  own limits are set above it (8 KB), so a long address reaches our page, not theirs. The
  search is the exception: it answers with the query shortened and a notice.
- A 400, 403, 405, 413, 429 or 503 that a view answered with an empty body (`require_GET`'s
  405, a bare `HttpResponseForbidden()`) is given our page; its headers (Allow, Retry-After)
  are kept. Answers with a body of their own (API errors in JSON, a form shown again with
  its message) are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.encoding import escape_uri_path

from hromada.portal.errors import render_error

DRESSED = frozenset({400, 403, 405, 413, 414, 429, 503})
REPLACED_HEADERS = frozenset({"content-type", "content-length"})
MAINTENANCE_RETRY_SECONDS = 300
SEARCH_PATH = "/search/"


def request_line_length(request: HttpRequest) -> int:
    """The address's length as it came (the query string as sent, already percent-encoded
    by the browser), not re-encoded: what the web server's limits count."""
    query = request.META.get("QUERY_STRING", "")
    return len(escape_uri_path(request.path)) + (len(query) + 1 if query else 0)


def maintenance_on() -> bool:
    path = getattr(settings, "HROMADA_MAINTENANCE_FILE", "")
    return bool(path) and Path(path).exists()


class MaintenanceMiddleware:
    """First in the stack: not even a cached page is served while the site is being updated."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if maintenance_on() and not request.path.startswith(settings.STATIC_URL):
            response = render_error(request, 503, standalone=True)
            response["Retry-After"] = str(MAINTENANCE_RETRY_SECONDS)
            response["Cache-Control"] = "no-store"
            response["X-Content-Type-Options"] = "nosniff"
            return response
        return self.get_response(request)


class ErrorPagesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request_line_length(request) > settings.HROMADA_MAX_URL_LENGTH
            and request.path != SEARCH_PATH  # the search shortens the query and says so
        ):
            return render_error(request, 414)
        response = self.get_response(request)
        if (
            response.status_code in DRESSED
            and not response.streaming
            and not response.content
            and request.method != "HEAD"
        ):
            dressed = render_error(request, response.status_code)
            for name, value in response.items():  # Allow, Retry-After, the security headers
                if name.lower() not in REPLACED_HEADERS:
                    dressed[name] = value
            return dressed
        return response
