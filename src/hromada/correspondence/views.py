"""The public side: the online forms and the status page by tracking code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from hromada.core import spam
from hromada.correspondence import selectors, services
from hromada.correspondence.forms import (
    APPEAL_TYPES,
    AppealForm,
    InformationRequestForm,
    SubmissionForm,
    TrackingForm,
)
from hromada.correspondence.models import Source
from hromada.correspondence.workflow import Kind, Urgency

if TYPE_CHECKING:
    from hromada.correspondence.models import SubmissionFormPage, TrackingPage

SESSION_KEY = "correspondence_submitted"


def _rate_limit() -> tuple[int, int]:
    """(submissions, per seconds) allowed from one address; the status page allows 6× that."""
    limit = getattr(settings, "CORRESPONDENCE_FORM_RATE_LIMIT", (5, 600))
    return int(limit[0]), int(limit[1])


def _allowed(request: HttpRequest, scope: str, factor: int = 1) -> bool:
    limit, window = _rate_limit()
    return spam.hit(request, f"correspondence.{scope}", limit=limit * factor, window=window).allowed


def _form_class(page: SubmissionFormPage) -> type[SubmissionForm]:
    return InformationRequestForm if page.form_kind == Kind.PUBLIC_INFO_REQUEST else AppealForm


def _render(
    request: HttpRequest,
    page: SubmissionFormPage,
    form: SubmissionForm,
    status: int = 200,
    blocked: str = "",
) -> HttpResponse:
    context = {
        **page.get_context(request),
        "form": form,
        "blocked": blocked,
        "tracking_page": selectors.tracking_page(),
    }
    return TemplateResponse(
        request, "correspondence/submission_form_page.html", context, status=status
    )


def _register(page: SubmissionFormPage, form: SubmissionForm) -> Any:
    data = form.cleaned_data
    person = services.RequesterData(
        name=data["name"],
        postal_address=data.get("postal_address", ""),
        email=data["email"],
        phone=data.get("phone", ""),
        consent_at=timezone.now(),
    )
    if page.form_kind == Kind.PUBLIC_INFO_REQUEST:
        description = data["description"]
        return services.register_incoming(
            kind=Kind.PUBLIC_INFO_REQUEST,
            subject=" ".join(description.split())[:300],
            text=description,
            urgency=Urgency.URGENT if data.get("urgent") else Urgency.NORMAL,
            requester=person,
            attachments=data["attachments"],
            source=Source.PORTAL,
            tracking=True,
        )
    appeal_type = dict(APPEAL_TYPES)[data["appeal_type"]]
    return services.register_incoming(
        kind=Kind.CITIZEN_APPEAL,
        subject=data["subject"],
        text=data["text"],
        notes=str(appeal_type),
        requester=person,
        attachments=data["attachments"],
        source=Source.PORTAL,
        tracking=True,
    )


@never_cache  # personal data and a per-visitor form: never kept by a cache
def submission_form(request: HttpRequest, page: SubmissionFormPage) -> HttpResponse:
    form_class = _form_class(page)
    if request.method != "POST":
        return _render(request, page, form_class())
    if not _allowed(request, "form"):
        return _render(request, page, form_class(), status=429, blocked=_too_many())
    data = request.POST.copy()
    form = form_class(data, request.FILES)
    if not form.is_valid():
        if form.has_error("started", "expired"):
            # A fresh timestamp, so the corrected form is not refused again.
            data["started"] = spam.started_token()
        return _render(request, page, form, status=400)
    try:
        document = _register(page, form)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _render(request, page, form, status=400)
    request.session[SESSION_KEY] = document.tracking_code
    return HttpResponseRedirect(page.url + page.reverse_subpage("submitted"))


def _too_many() -> str:
    from django.utils.translation import gettext

    return gettext("Too many submissions from your address. Please try again later.")


@never_cache
def submitted(request: HttpRequest, page: SubmissionFormPage) -> HttpResponse:
    code = request.session.get(SESSION_KEY)
    document = selectors.by_tracking_code(code) if code else None
    context = {
        **page.get_context(request),
        "document": document,
        "tracking_page": selectors.tracking_page(),
    }
    return TemplateResponse(request, "correspondence/submission_submitted.html", context)


@never_cache
def tracking(request: HttpRequest, page: TrackingPage) -> HttpResponse:
    status = 200
    document = None
    blocked = ""
    form = TrackingForm(request.GET or None)
    if request.GET:
        if not _allowed(request, "tracking", factor=6):
            form = TrackingForm()
            blocked = _too_many()
            status = 429
        elif form.is_valid():
            document = selectors.by_tracking_code(form.cleaned_data["code"])
            if document is None:
                from django.utils.translation import gettext

                form.add_error("code", gettext("No case has this tracking code."))
                status = 404
    context = {
        **page.get_context(request),
        "form": form,
        "blocked": blocked,
        "case": selectors.public_status(document) if document else None,
    }
    return TemplateResponse(request, "correspondence/tracking_page.html", context, status=status)
