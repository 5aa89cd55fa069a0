"""Admin view: build the activity report for a period and download it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Page

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.core.types import request_actor
from hromada.reports import selectors, services
from hromada.reports.apps import REPORT_PERMISSION
from hromada.reports.forms import PublishReportForm, ReportForm
from hromada.reports.rendering import IncompleteProfile

RECORDS_PER_PAGE = 100


def _require_report_permission(request: HttpRequest) -> None:
    if not request.user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied


def _publish_form_initial() -> dict[str, Any]:
    # the latest complete year with records: a report is published once its year is over
    year = services.default_year(dt.date(timezone.localdate().year - 1, 12, 31))
    return {
        "year": year,
        "parent": selectors.report_section(),
        "title": _("Activity report for %(year)s") % {"year": year},
    }


def publish(request: HttpRequest) -> HttpResponse:
    """Publish a year's report on the portal (POST from the report page)."""
    _require_report_permission(request)
    form = PublishReportForm(request.POST or None, initial=_publish_form_initial())
    if request.method == "POST" and form.is_valid():
        try:
            page = services.publish_report(
                period=Period.year(form.cleaned_data["year"]),
                parent=form.cleaned_data["parent"],
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                user=request_actor(request),
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The report is published: %(title)s") % {"title": page.title}
            )
            return redirect(page.url or "activity_report:index")
    return TemplateResponse(
        request, "reports/admin/report_form.html", {"form": ReportForm(), "publish_form": form}
    )


def report_download(request: HttpRequest) -> HttpResponse:
    _require_report_permission(request)
    form = ReportForm(request.GET or None, initial={"year": services.default_year()})
    if form.is_bound and form.is_valid():
        period = form.period()
        output_format = form.cleaned_data["output_format"]
        try:
            body = services.render(
                services.build_report(period),
                output_format=output_format,
                template=form.template_bytes(),
                signatory=form.cleaned_data["signatory"],
            )
        except IncompleteProfile as error:
            form.add_error(None, str(error))
        else:
            response = HttpResponse(body, content_type=services.CONTENT_TYPES[output_format])
            filename = f"report-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{output_format}"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
    return TemplateResponse(
        request,
        "reports/admin/report_form.html",
        {"form": form, "publish_form": PublishReportForm(initial=_publish_form_initial())},
    )


# The dates a figure can be counted for: a period's bounds are moved to the next day and to
# UTC, and the dashboard compares with the year before, which the calendar's edges do not allow.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(9998, 12, 31)


def _query_date(request: HttpRequest, name: str) -> dt.date:
    """The date in the query parameter `name` (YYYY-MM-DD, within the dates above)."""
    day = dt.date.fromisoformat(request.GET.get(name, ""))
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(name)
    return day


def _period_from_query(request: HttpRequest) -> Period:
    try:
        return Period(_query_date(request, "from"), _query_date(request, "to"))
    except ValueError as error:
        raise Http404(_("The period must be given as from=YYYY-MM-DD&to=YYYY-MM-DD.")) from error


class ChainedRecords:
    """Several querysets paged as one list (a figure whose rows live in several tables)."""

    def __init__(self, querysets: list[QuerySet[Any]]) -> None:
        self.querysets = [queryset.order_by("pk") for queryset in querysets]
        self.counts = [queryset.count() for queryset in self.querysets]

    def count(self) -> int:
        return sum(self.counts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Any]:
        start, stop = window.start or 0, window.stop if window.stop is not None else self.count()
        rows: list[Any] = []
        offset = 0
        for queryset, size in zip(self.querysets, self.counts, strict=True):
            low, high = max(start - offset, 0), min(stop - offset, size)
            if low < high:
                rows.extend(queryset[low:high])
            offset += size
        return rows


def metric_records(request: HttpRequest, key: str) -> HttpResponse:
    """The records a figure counts for a period: the number in the report links here."""
    _require_report_permission(request)
    try:
        metric = metrics.get(key)
    except KeyError as error:
        raise Http404(str(error)) from error
    if metric.records is None:
        raise Http404(_("This figure is not a count of records."))
    period = _period_from_query(request)
    querysets = metric.record_sets(period)
    for model in {queryset.model for queryset in querysets}:
        if issubclass(model, Page):
            continue
        permission = f"{model._meta.app_label}.view_{model._meta.model_name}"
        if not request.user.has_perm(permission):
            raise PermissionDenied
    paginator: Paginator[Any] = Paginator(ChainedRecords(querysets), RECORDS_PER_PAGE)  # type: ignore[arg-type]
    page = paginator.get_page(request.GET.get("p"))
    finder = AdminURLFinder(request.user)
    rows = [
        {
            "title": str(obj),
            "url": finder.get_edit_url(obj),
            "kind": obj._meta.verbose_name,
        }
        for obj in page.object_list
    ]
    model_names = ", ".join(sorted({str(q.model._meta.verbose_name_plural) for q in querysets}))
    return TemplateResponse(
        request,
        "reports/admin/metric_records.html",
        {
            "metric": metric,
            "period": period,
            "page": page,
            "rows": rows,
            "model_name": model_names,
        },
    )


def _same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _default_as_of() -> dt.date:
    """Today, or the last day of the latest year with records when this year has none."""
    today = timezone.localdate()
    year = services.default_year(today)
    return today if year == today.year else dt.date(year, 12, 31)


def dashboard(request: HttpRequest) -> HttpResponse:
    """This year so far against last year at the same date, per module, with charts."""
    _require_report_permission(request)
    as_of = _default_as_of()
    if request.GET.get("as_of"):
        try:
            as_of = _query_date(request, "as_of")
        except ValueError:
            messages.error(
                request,
                _("“As of” must be a date from %(earliest)s to %(latest)s; showing today.")
                % {
                    "earliest": EARLIEST_DATE.strftime("%d.%m.%Y"),
                    "latest": LATEST_DATE.strftime("%d.%m.%Y"),
                },
            )
    current = Period(dt.date(as_of.year, 1, 1), as_of)
    earlier_end = _same_day_last_year(as_of)
    earlier = Period(dt.date(earlier_end.year, 1, 1), earlier_end)
    modules = services.compare_periods(current=current, earlier=earlier)
    return TemplateResponse(
        request,
        "reports/admin/dashboard.html",
        {"modules": modules, "current": current, "earlier": earlier, "as_of": as_of},
    )
