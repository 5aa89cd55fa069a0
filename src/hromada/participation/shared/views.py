"""What the components' public views share: the form-to-service step of every public POST,
the level refusal page, and the residents' photos served from the private storage."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from wagtail.models import Page

from hromada.core.uploads import IMAGE_TYPES, SNIFF_BYTES, detect_type
from hromada.participation.verification import LevelRequired, resident_of

T = TypeVar("T")


class NeedsConfirmation(Exception):
    """Raised by a form's action to ask the resident to confirm first (similar petitions or
    reports exist): the form is shown again with the status 409."""


@dataclass(frozen=True)
class Submission(Generic[T]):
    """What became of a POST: ``done`` with the service's ``result``, or the ``status`` to
    answer the form again with (200 when nothing was sent)."""

    status: int = 200
    done: bool = False
    result: T | None = None


def submit(
    request: HttpRequest, form: forms.Form, action: Callable[[dict[str, Any]], T]
) -> Submission[T]:
    """The POST step of the public forms: a valid form's ``cleaned_data`` goes to ``action``
    (a service call); a ValidationError it raises is put on the form (field errors on their
    fields) and the form is answered with 400, as is an invalid form."""
    if request.method != "POST":
        return Submission()
    if not form.is_valid():
        return Submission(status=400)
    try:
        result = action(form.cleaned_data)
    except NeedsConfirmation:
        return Submission(status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return Submission(status=400)
    return Submission(done=True, result=result)


def level_refusal(request: HttpRequest, error: LevelRequired, page: Page) -> HttpResponse:
    """The page saying which verification level an action needs (403)."""
    context = {**page.get_context(request), "error": error, "resident": resident_of(request.user)}
    return TemplateResponse(request, "participation/level_required.html", context, status=403)


#: How long a browser may reuse a resident's photo: briefly, and only its own cache
#: (`private`), so no shared cache keeps serving the photo of a report rejected or a project
#: hidden after it was fetched.
PHOTO_MAX_AGE = 300


def photo_response(file: FieldFile | None, *, max_age: int | None) -> FileResponse:
    """A photo from the private storage, inline, with the type read from its bytes (the
    browser never guesses one); `max_age=None` for staff: never kept. No file: a 404."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except OSError as error:
        raise Http404 from error
    head = handle.read(SNIFF_BYTES)
    handle.seek(0)
    detected = detect_type(head, "")
    if detected is None or detected.extension not in IMAGE_TYPES:
        handle.close()
        raise Http404  # only re-encoded images are stored; anything else is not served
    # A neutral name: a file stored before names were random may be named after its owner.
    response = FileResponse(
        handle, content_type=detected.mime, filename=f"photo.{detected.extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if max_age is None:
        add_never_cache_headers(response)
    else:
        patch_cache_control(response, private=True, max_age=max_age)
    return response
