"""DOCX templates for the activity report, uploaded by staff."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from hromada.core.models import AbstractDocxTemplate


class ReportTemplate(AbstractDocxTemplate):
    """A docxtpl template; the newest one marked default is used unless another is chosen."""

    file = models.FileField(_("DOCX file"), upload_to="report_templates/")
    is_default = models.BooleanField(
        _("use by default"),
        default=False,
        help_text=_("Reports are written with the newest default template."),
    )

    class Meta(AbstractDocxTemplate.Meta):
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        # The report has no model of its own; its permission lives with its templates.
        permissions = [
            ("view_activity_report", _("Can build the activity report and see the dashboard"))
        ]


class ActivityReportPage(Page):
    """A published activity report ("Звіти про роботу"): a snapshot of the report for its
    period, taken when it was published, so the page never changes under a reader."""

    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    intro = models.TextField(_("introduction"), blank=True)
    body_html = models.TextField(_("report"), editable=False)
    report_json = models.JSONField(_("report data"), editable=False, default=dict)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["portal.SectionPage"]
    subpage_types: list[str] = []

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("format") == "json":
            return JsonResponse(self.report_json, json_dumps_params={"ensure_ascii": False})
        return super().serve(request, *args, **kwargs)

    class Meta:
        verbose_name = _("published activity report")
        verbose_name_plural = _("published activity reports")
