"""The correspondence admin: one menu group "Кореспонденція" with the journal (filters,
days left, CSV/XLSX export, case actions) and the deadlines dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.templatetags.static import static
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.correspondence import admin_listing, admin_views
from hromada.correspondence.admin_forms import DocumentCreateForm, DocumentEditForm, staff_users
from hromada.correspondence.models import Document
from hromada.correspondence.workflow import OPEN_STATUSES, Direction

register_permission_policy(Document, NoDeletePermissionPolicy(Document))

LOG_ACTIONS = {
    "correspondence.assign": (_("Assign"), _("Assigned")),
    "correspondence.extend": (_("Extend term"), _("Term extended")),
    "correspondence.answer": (_("Answer"), _("Answered")),
    "correspondence.forward": (_("Forward"), _("Forwarded")),
    "correspondence.refuse": (_("Refuse"), _("Refused")),
    "correspondence.close": (_("Close"), _("Closed")),
    "correspondence.anonymize": (_("Anonymize"), _("Personal data anonymized")),
    "correspondence.view_personal_data": (
        _("View personal data"),
        _("Personal data viewed"),
    ),
    "correspondence.download_attachment": (
        _("Download an attachment"),
        _("Attachment downloaded"),
    ),
    "correspondence.attachment_refused": (
        _("Attachment download refused"),
        _("Attachment download refused"),
    ),
}


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("insert_global_admin_css")
def journal_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("correspondence/admin.css"))


class DocumentFilterSet(WagtailFilterSet):
    registered_on = django_filters.DateFromToRangeFilter(
        label=_("Registration date"), widget=DateRangePickerWidget
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Assignee"), queryset=staff_users(), empty_label=_("All")
    )
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[
            ("overdue", _("Overdue")),
            ("open", _("Open cases")),
            ("week", _("Due within 7 days")),
        ],
        method="filter_deadline",
        empty_label=_("All"),
    )

    class Meta:
        model = Document
        fields = ["direction", "kind", "status", "long_term_control"]

    def filter_deadline(self, queryset: QuerySet[Document], name: str, value: str) -> Any:
        today = timezone.localdate()
        open_cases = queryset.filter(direction=Direction.INCOMING, status__in=OPEN_STATUSES)
        if value == "overdue":
            return open_cases.filter(due_date__lt=today)
        if value == "open":
            return open_cases
        if value == "week":
            return open_cases.filter(
                due_date__gte=today, due_date__lte=today + dt.timedelta(days=7)
            )
        return queryset


class DocumentViewSet(ModelViewSet):
    """The journal: every incoming and outgoing document, its case and its history."""

    model = Document
    icon = "mail"
    menu_label = _("Journal")
    add_to_admin_menu = False
    list_display = [
        "reg_number",
        Column("registered_on", label=_("Registration date"), sort_key="registered_on"),
        "direction",
        "kind",
        "subject",
        "assignee",
        "status",
        Column("due_date", label=_("Due date"), sort_key="due_date"),
        Column("days_left", label=_("Days left")),
    ]
    list_per_page = 50
    filterset_class = DocumentFilterSet
    search_fields = ["reg_number", "subject", "correspondent"]
    list_export = [
        "direction",
        "reg_number",
        "registered_on",
        "kind",
        "correspondent",
        "subject",
        "assignee",
        "status",
        "due_date",
        "answered_on",
        "long_term_control",
    ]
    export_headings = {"registered_on": _("Registration date")}
    export_filename = "journal"
    inspect_view_enabled = True
    inspect_view_class = admin_views.DocumentInspectView
    add_view_class = admin_views.DocumentCreateView
    index_view_class = admin_listing.JournalIndexView
    copy_view_enabled = False

    def get_form_class(self, for_update: bool = False) -> Any:
        return DocumentEditForm if for_update else DocumentCreateForm

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("action/<int:pk>/<slug:action>/", admin_views.action_view, name="action"),
            path("attachment/<int:pk>/", admin_views.attachment_view, name="attachment"),
            path("access/<int:pk>/", admin_views.access_view, name="access"),
        ]


class DeadlinesViewSet(ViewSet):
    """The overdue dashboard: overdue cases and those due soon."""

    icon = "warning"
    menu_label = _("Deadlines")

    def get_urlpatterns(self) -> list[Any]:
        return [path("", admin_views.deadlines_view, name="index")]

    def get_menu_item(self, order: int | None = None) -> MenuItem:
        item = super().get_menu_item(order)
        item.is_shown = lambda request: bool(  # type: ignore[method-assign]
            request.user.has_perm("correspondence.view_document")
        )
        return item


class JournalGroup(ViewSetGroup):
    menu_label = _("Correspondence")
    menu_icon = "mail"
    menu_order = 450
    items = (
        DocumentViewSet(admin_views.URL_PREFIX),
        DeadlinesViewSet("correspondence_deadlines"),
    )


@hooks.register("register_admin_viewset")
def register_journal() -> JournalGroup:
    return JournalGroup()
