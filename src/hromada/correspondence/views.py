"""The public side: the online forms and the status page by tracking code."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hromada.core import exports, spam
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


#: The open dataset's and the page's columns, in this order.
STATISTICS_COLUMNS = (
    "year",
    "month",
    "department",
    "kind",
    "received",
    "answered_on_time",
    "answered_late",
    "overdue_now",
    "median_days_to_answer",
)


def office_label() -> str:
    """How the statistics name the cases registered with no department (the office's own)."""
    return _("The office (no department given)")


@require_safe
@never_cache  # the figures change with every decision, not with publishing
def on_time_statistics(request: HttpRequest) -> HttpResponseBase:
    """Each department's on-time record, in public: a page (one year, per department and kind)
    and the open dataset (every month and year) in CSV and JSON, from the journal's records,
    the same the report counts (`selectors.on_time_statistics`)."""
    rows = selectors.on_time_statistics(office=office_label())
    wanted = request.GET.get("format", "")
    if wanted in ("csv", "json"):
        data = [row.as_dict() for row in rows]
        if wanted == "csv":
            return exports.csv_response(
                filename="on-time-statistics", columns=STATISTICS_COLUMNS, rows=data
            )
        return exports.json_response(
            filename="on-time-statistics",
            columns=STATISTICS_COLUMNS,
            rows=data,
            meta={"generated_on": timezone.localdate().isoformat()},
        )
    years = sorted({row.year for row in rows}, reverse=True)
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    labels = dict(Kind.choices)
    table = [
        {**row.as_dict(), "kind_label": labels.get(row.kind, row.kind)}
        for row in rows
        if row.year == year and row.month == 0
    ]
    totals = {
        name: sum(int(item[name]) for item in table)
        for name in ("received", "answered_on_time", "answered_late", "overdue_now")
    }
    return TemplateResponse(
        request,
        "correspondence/on_time_statistics.html",
        {"year": year, "years": years, "table": table, "totals": totals},
    )
