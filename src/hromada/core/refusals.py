"""The admin's answer to staff who may not open something: an HTTP 403 page in the admin's look.

Wagtail turns a `PermissionDenied` raised in an admin view into a redirect to the dashboard
with a flash message. For a file opened from a link (an attachment, a photo) that hides the
refusal: the browser, a download manager or a script sees a redirect to an HTML page. Views
that serve such files answer with `forbidden` instead. Anonymous users never get here: Wagtail's
`require_admin_access` sends them to the login page first."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse


def forbidden(request: HttpRequest, *, title: str, message: str) -> TemplateResponse:
    """A 403 response saying `title` (the page's heading) and `message` (why, and whom to ask)."""
    return TemplateResponse(
        request,
        "core/admin/forbidden.html",
        {"title": title, "message": message},
        status=403,
    )
