"""Our own error pages: every error a visitor can meet is answered in the site's look and
language (400, 403 and the CSRF failure, 404, 405, 413, 414, 429, 500, 503).

Django's handlers (`config/urls.py`: handler400/403/404/500, `CSRF_FAILURE_VIEW`) call the
views here; `middleware.ErrorPagesMiddleware` dresses the bare answers views give themselves
(an empty 405 from `require_GET`, a 429 without a body) and answers 414 and maintenance (503).
A 500 or 503 never depends on the database: if the full page cannot be drawn (the database
is down or being migrated), a self-contained page with the same stylesheet is sent."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, requires_csrf_token

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Error:
    title: object
    message: object
    hint: object = ""


ERRORS: dict[int, Error] = {
    400: Error(
        _("Bad request"),
        _("The server could not understand this request."),
        _("Check the address or go back and send the form again."),
    ),
    403: Error(
        _("Access denied"),
        _("You do not have permission to open this page."),
        _("If you are a staff member, sign in with an account that has access."),
    ),
    404: Error(
        _("Page not found"),
        _("The page you asked for does not exist or has been moved."),
        _("Check the address, or find what you need with the search or the menu."),
    ),
    405: Error(
        _("This action is not allowed here"),
        _("This address does not accept this kind of request."),
        _("Open the page from a link or the menu instead of sending a form to it."),
    ),
    413: Error(
        _("The data sent is too large"),
        _("The form or file you sent is larger than the site accepts."),
    ),
    414: Error(
        _("The address is too long"),
        _("The address or search query is longer than the site accepts."),
        _("Shorten the search query to a few key words and try again."),
    ),
    429: Error(
        _("Too many requests"),
        _("You have sent too many requests in a short time."),
        _("Wait a few minutes and try again."),
    ),
    500: Error(
        _("Server error"),
        _("Something went wrong on our side. We have been notified; please try again later."),
    ),
    503: Error(
        _("Maintenance in progress"),
        _("The portal is being updated and will be back in a few minutes."),
        _("Please try again a little later. Thank you for your patience."),
    ),
}

CSRF_ERROR = Error(
    _("The form has expired"),
    _(
        "The security check of this form failed: the page was open too long, or cookies are "
        "blocked in your browser."
    ),
    _(
        "Reload the page with the form (press F5), fill it in again and send it. If it keeps "
        "happening, allow cookies for this site."
    ),
)


def render_error(
    request: HttpRequest,
    status: int,
    *,
    error: Error | None = None,
    hint: object = "",
    standalone: bool = False,
) -> HttpResponse:
    """The error page for `status`. `standalone` draws the page without the database."""
    error = error or ERRORS[status]
    context = {
        "status": status,
        "title": error.title,
        "message": error.message,
        "hint": hint or error.hint,
    }
    if not standalone:
        try:
            body = loader.render_to_string("errors/page.html", context, request)
            return HttpResponse(body, status=status)
        except Exception:  # the full page needs the database; it may be the thing that failed
            logger.exception("error page %s drawn without the site's menu", status)
    body = loader.render_to_string("errors/standalone.html", context)
    return HttpResponse(body, status=status)


def too_large_hint() -> str:
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return str(
        _(
            "The limit is %(limit)s. Send a smaller file or a shorter text, or send large "
            "documents by e-mail."
        )
        % {"limit": limit}
    )


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return render_error(request, 413, hint=too_large_hint())
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        return render_error(request, 413, hint=_("The form sent has too many fields or files."))
    return render_error(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render_error(request, 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return render_error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's CSRF_FAILURE_VIEW: an expired or missing token, with how to go on."""
    return render_error(request, 403, error=CSRF_ERROR)


@csrf_exempt
def error_page(request: HttpRequest, status: int) -> HttpResponse:
    """`/errors/<status>/`: our page for an error the web server answers itself (nginx's 413
    and 414, docs/operations.md: `error_page 413 /errors/413/;`), with that status."""
    if status == 413:
        return render_error(request, 413, hint=too_large_hint())
    if status not in ERRORS:
        return render_error(request, 404)
    return render_error(request, status)
