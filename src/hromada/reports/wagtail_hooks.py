"""The reports module's admin: one menu group "Звіти"."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from hromada.core.models import HistoricalFigure
from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.reports import views

register_permission_policy(HistoricalFigure, NoDeletePermissionPolicy(HistoricalFigure))


class HistoricalFigureViewSet(ModelViewSet):
    model = HistoricalFigure
    icon = "history"
    menu_label = _("Historical figures")
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

    def get_urlpatterns(self) -> list[Any]:
        return [path("", views.report_download, name="index")]


class ReportsGroup(ViewSetGroup):
    menu_label = _("Reports")
    menu_icon = "doc-full-inverse"
    menu_order = 900
    items = (
        ActivityReportViewSet("activity_report"),
        HistoricalFigureViewSet("historical_figures"),
    )


@hooks.register("register_admin_viewset")
def register_reports() -> ReportsGroup:
    return ReportsGroup()
