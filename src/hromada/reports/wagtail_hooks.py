"""The reports module's admin, inside Wagtail's own "Звіти" menu (one menu of that name, not
two): the activity report, historical figures and report templates, then Wagtail's reports."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from hromada.core.models import HistoricalFigure
from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.core.viewsets import DocxTemplateViewSetMixin
from hromada.reports import views
from hromada.reports.apps import REPORT_PERMISSION
from hromada.reports.docx import TEMPLATE_KIND
from hromada.reports.forms import ReportTemplateForm
from hromada.reports.models import ReportTemplate

register_permission_policy(HistoricalFigure, NoDeletePermissionPolicy(HistoricalFigure))
register_permission_policy(ReportTemplate, NoDeletePermissionPolicy(ReportTemplate))


class ReportTemplateViewSet(DocxTemplateViewSetMixin, ModelViewSet):
    """DOCX templates for the report; the built-in one is downloadable as a starting point
    (``built-in.docx``)."""

    model = ReportTemplate
    icon = "doc-empty"
    menu_label = _("Report templates")
    menu_hook = "register_reports_menu_item"
    menu_order = 3
    form_fields = ["name", "file", "is_default"]
    list_display = ["name", "is_default", "uploaded_at", "uploaded_by"]
    list_export = ["name", "is_default", "uploaded_at", "uploaded_by"]
    export_filename = "report-templates"
    template_form_class = ReportTemplateForm
    template_kinds = (TEMPLATE_KIND,)


class HistoricalFigureViewSet(ModelViewSet):
    model = HistoricalFigure
    icon = "history"
    menu_label = _("Historical figures")
    menu_hook = "register_reports_menu_item"
    menu_order = 2
    list_display = ["metric", "year", "value", "note"]
    list_filter = ["metric", "year"]
    search_fields = ["metric", "note"]
    list_export = ["metric", "year", "value", "note"]
    export_filename = "historical-figures"
    form_fields = ["metric", "year", "value", "note"]
    inspect_view_enabled = True


class ActivityReportViewSet(ViewSet):
    """The activity report for any period, downloaded as HTML or JSON."""

    icon = "doc-full"
    menu_label = _("Activity report")
    menu_hook = "register_reports_menu_item"
    menu_order = 1

    def get_urlpatterns(self) -> list[Any]:
        return [
            path("", views.report_download, name="index"),
            path("records/<str:key>/", views.metric_records, name="records"),
            path("dashboard/", views.dashboard, name="dashboard"),
            path("publish/", views.publish, name="publish"),
        ]

    def get_menu_item(self, order: int | None = None) -> MenuItem:
        item = super().get_menu_item(order)
        item.is_shown = lambda request: bool(  # type: ignore[method-assign]
            request.user.has_perm(REPORT_PERMISSION)
        )
        return item


@hooks.register("register_admin_viewset")
def register_reports() -> list[ViewSet]:
    return [
        ActivityReportViewSet("activity_report"),
        HistoricalFigureViewSet("historical_figures"),
        ReportTemplateViewSet("report_templates"),
    ]
