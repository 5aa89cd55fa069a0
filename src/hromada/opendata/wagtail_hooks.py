"""The open-data admin: one menu group "Відкриті дані" with publishers, topic groups,
datasets, resources (uploads with versions) and reminders. A data steward sees and edits
only the datasets of the publishers they are a steward of."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.opendata import quality, selectors, services
from hromada.opendata.forms import DatasetForm, ResourceForm
from hromada.opendata.models import (
    Dataset,
    Publisher,
    Reminder,
    Resource,
    ResourceVersion,
    TopicGroup,
    UpdateFrequency,
)

for _model in (Publisher, TopicGroup, Dataset, Resource, ResourceVersion, Reminder):
    register_permission_policy(_model, NoDeletePermissionPolicy(_model))


class StewardScopedIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_base_queryset()
        visible = selectors.steward_datasets(self.request.user)
        if self.model is Dataset:
            return queryset.filter(pk__in=visible.values("pk"))
        return queryset.filter(dataset__in=visible)


class StewardScopedEditView(EditView):
    def get_queryset(self) -> QuerySet[Any]:
        visible = selectors.steward_datasets(self.request.user)
        if self.model is Dataset:
            return visible
        return Resource.objects.filter(dataset__in=visible)


class DatasetFilterSet(WagtailFilterSet):
    schedule = django_filters.ChoiceFilter(
        label=_("Schedule"),
        choices=[("overdue", _("Not updated on time")), ("on_time", _("On time"))],
        method="filter_schedule",
        empty_label=_("All"),
    )

    class Meta:
        model = Dataset
        fields = ["publisher", "update_frequency", "groups", "archived"]

    def filter_schedule(self, queryset: QuerySet[Dataset], name: str, value: str) -> Any:
        if not value:
            return queryset
        overdue = {d.pk for d in selectors.overdue_datasets()}
        if value == "overdue":
            return queryset.filter(pk__in=overdue)
        return queryset.exclude(pk__in=overdue)


def _overdue_column(dataset: Dataset) -> str:
    due = dataset.next_update_due
    if due is None:
        return "—"
    if dataset.is_overdue():
        return format_html("<strong>{} {}</strong>", _("overdue since"), due.strftime("%d.%m.%Y"))
    return due.strftime("%d.%m.%Y")


def _quality_column(dataset: Dataset) -> str:
    return f"{quality.assess(dataset).percent}%"


class DatasetInspectView(InspectView):
    """The passport, and the quality score with what to fix (udata's criteria)."""

    def get_fields(self) -> list[str]:
        return [*super().get_fields(), "quality"]

    def get_field_label(self, field_name: str, field: Any) -> str:
        if field_name == "quality":
            return str(_("Quality"))
        return str(super().get_field_label(field_name, field))

    def get_quality_display_value(self) -> str:
        assessed = quality.assess(self.object)
        if not assessed.to_fix:
            return format_html("{}%", assessed.percent)
        return format_html(
            "{}% — {}<ul>{}</ul>",
            assessed.percent,
            _("to fix:"),
            format_html_join("", "<li>{}: {}</li>", ((c.label, c.fix) for c in assessed.to_fix)),
        )


class DatasetViewSet(ModelViewSet):
    """The catalogue's datasets and their Resolution 835 passports."""

    model = Dataset
    icon = "table"
    menu_label = _("Datasets")
    index_view_class = StewardScopedIndexView
    edit_view_class = StewardScopedEditView
    inspect_view_class = DatasetInspectView
    list_display = [
        "title",
        "publisher",
        "update_frequency",
        "data_modified_at",
        "metadata_modified",
        Column("quality", label=_("Quality"), accessor=_quality_column),
    ]
    filterset_class = DatasetFilterSet
    search_fields = ["title", "notes", "keywords", "name"]
    list_export = [
        "id",
        "name",
        "identifier",
        "title",
        "publisher",
        "update_frequency",
        "keywords",
        "published_at",
        "data_modified_at",
        "data_current_to",
        "next_update_due",
        "maintainer",
        "maintainer_email",
        "licence",
        "metadata_modified",
    ]
    export_filename = "datasets"
    edit_handler = ObjectList(
        [
            FieldPanel(name)
            for name in (
                "publisher",
                "title",
                "name",
                "identifier",
                "notes",
                "purpose",
                "language",
                "compression_format",
                "update_frequency",
                "keywords",
                "groups",
                "published_at",
                "data_current_to",
                "structure_url",
                "table_schema",
                "maintainer",
                "maintainer_email",
                "licence",
                "archived",
            )
        ],
        base_form_class=DatasetForm,
    )
    inspect_view_enabled = True
    copy_view_enabled = False


class ResourceCreateView(CreateView):
    def save_instance(self) -> Resource:
        data = self.form.cleaned_data
        upload = data.get("upload")
        return services.add_resource(
            dataset=data["dataset"],
            name=data["name"],
            description=data.get("description", ""),
            external_url=data.get("external_url", ""),
            file=upload,
            filename=upload.name if upload else "",
            user=self.request.user,
        )


class ResourceEditView(StewardScopedEditView):
    def save_instance(self) -> Resource:
        upload = self.form.cleaned_data.get("upload")
        with transaction.atomic():
            resource: Resource = super().save_instance()
            if upload:
                services.upload_version(
                    resource=resource, file=upload, filename=upload.name, user=self.request.user
                )
            else:
                services.touch(resource.dataset)
        return resource


class ResourceViewSet(ModelViewSet):
    """Files and links of datasets; every upload is kept as a version."""

    model = Resource
    icon = "doc-full"
    menu_label = _("Resources")
    index_view_class = StewardScopedIndexView
    add_view_class = ResourceCreateView
    edit_view_class = ResourceEditView
    list_display = [
        "name",
        "dataset",
        "format",
        "size",
        "last_modified",
        "link_broken",
        "downloads",
        "api_calls",
    ]
    list_filter = ["format", "link_broken", "archived"]
    search_fields = ["name", "description"]
    list_export = ["id", "dataset", "name", "format", "size", "sha256", "created", "last_modified"]
    export_filename = "resources"
    edit_handler = ObjectList(
        [
            FieldPanel("dataset"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("external_url"),
            FieldPanel("upload"),
            FieldPanel("archived"),
        ],
        base_form_class=ResourceForm,
    )
    inspect_view_enabled = True
    copy_view_enabled = False


class PublisherViewSet(ModelViewSet):
    """The council and its departments that publish datasets."""

    model = Publisher
    icon = "group"
    menu_label = _("Publishers")
    list_display = ["title", "edrpou", "parent", "email"]
    search_fields = ["title", "edrpou"]
    list_export = ["id", "name", "title", "edrpou", "parent", "email", "website"]
    export_filename = "publishers"
    form_fields = [
        "title",
        "name",
        "edrpou",
        "parent",
        "description",
        "email",
        "website",
        "stewards",
        "archived",
    ]
    copy_view_enabled = False


class TopicGroupViewSet(ModelViewSet):
    model = TopicGroup
    icon = "tag"
    menu_label = _("Topic groups")
    list_display = ["title", "name"]
    search_fields = ["title"]
    list_export = ["id", "name", "title", "description"]
    export_filename = "topic-groups"
    form_fields = ["title", "name", "description"]
    copy_view_enabled = False


class ReminderViewSet(ModelViewSet):
    """Reminders sent to responsible persons (before the due date and when overdue)."""

    model = Reminder
    icon = "mail"
    menu_label = _("Reminders")
    list_display = ["dataset", "kind", "due_date", "recipient", "sent_at"]
    list_filter = ["kind"]
    list_export = ["dataset", "kind", "due_date", "recipient", "sent_at"]
    export_filename = "reminders"
    form_fields = ["dataset", "kind", "due_date", "recipient"]
    copy_view_enabled = False


class OpenDataGroup(ViewSetGroup):
    menu_label = _("Open data")
    menu_icon = "table"
    menu_order = 350
    items = (
        DatasetViewSet("opendata_datasets"),
        ResourceViewSet("opendata_resources"),
        PublisherViewSet("opendata_publishers"),
        TopicGroupViewSet("opendata_groups"),
        ReminderViewSet("opendata_reminders"),
    )


@hooks.register("register_admin_viewset")
def register_opendata() -> OpenDataGroup:
    return OpenDataGroup()


class OverduePanel(Component):
    """The dashboard's open-data panel: datasets not updated on time and the on-time share."""

    name = "opendata_overdue"
    order = 150
    template_name = "opendata/admin/overdue_panel.html"

    def __init__(self, user: Any) -> None:
        self.user = user

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        visible = set(selectors.steward_datasets(self.user).values_list("pk", flat=True))
        overdue = [d for d in selectors.overdue_datasets() if d.pk in visible]
        on_time, scheduled = selectors.on_time_share()
        return {
            "overdue": overdue[:20],
            "overdue_count": len(overdue),
            "on_time": on_time,
            "scheduled": scheduled,
            "percent": round(100 * on_time / scheduled) if scheduled else 100,
            "today": timezone.localdate(),
            "frequencies": UpdateFrequency,
        }


@hooks.register("construct_homepage_panels")
def add_overdue_panel(request: Any, panels: list[Any]) -> None:
    if request.user.has_perm("opendata.view_dataset"):
        panels.append(OverduePanel(request.user))
