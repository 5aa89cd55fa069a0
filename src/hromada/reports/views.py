"""Admin view: build the activity report for a period and download it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from hromada.reports import services
from hromada.reports.forms import ReportForm

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "html": "text/html; charset=utf-8"}


def report_download(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.GET or None, initial={"year": timezone.localdate().year - 1})
    if form.is_bound and form.is_valid():
        period = form.period()
        output_format = form.cleaned_data["output_format"]
        body = services.render(services.build_report(period), output_format=output_format)
        response = HttpResponse(body, content_type=CONTENT_TYPES[output_format])
        filename = f"report-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{output_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return TemplateResponse(request, "reports/admin/report_form.html", {"form": form})
