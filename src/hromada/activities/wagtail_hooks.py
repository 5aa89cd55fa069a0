"""The activity journal's admin: one menu group "Журнал діяльності" with a month calendar and
a listing (filters, CSV/XLSX export) for every kind of record."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from hromada.activities import admin_views, services
from hromada.activities.models import (
    Activity,
    CivicAction,
    Commission,
    CoverageContract,
    CoverageRequest,
    Event,
    EventKind,
    Observance,
    PeriodicalSubscription,
    SocialAccount,
    SocialMediaFigure,
    Text,
)
from hromada.core.permissions import NoDeletePermissionPolicy

for _model in (
    Activity,
    CivicAction,
    Commission,
    CoverageContract,
    CoverageRequest,
    Event,
    Observance,
    PeriodicalSubscription,
    SocialAccount,
    SocialMediaFigure,
    Text,
):
    register_permission_policy(_model, NoDeletePermissionPolicy(_model))


class CalendarViewSet(ViewSet):
    """The month grid: every event of the journal and the month's memorable dates."""

    icon = "date"
    menu_label = _("Calendar")

    def get_urlpatterns(self) -> list[Any]:
        return [path("", admin_views.calendar, name="index")]


class EventIndexView(IndexView):
    def get_list_more_buttons(self, instance: Event) -> list[Any]:
        buttons = list(super().get_list_more_buttons(instance))
        if instance.kind == EventKind.ORGANIZED and not instance.archived:
            buttons.append(
                MenuItem(
                    _("Publish as an announcement"),
                    url=reverse("activities_publish_event", args=[instance.pk]),
                    icon_name="globe",
                    priority=40,
                )
            )
        return buttons


def _event_values(form: Any) -> dict[str, Any]:
    """The form's values of the event's own fields and its attachments, for the services."""
    instance = form.save(commit=False)  # the cleaned values set on an unsaved instance
    own = {field.name for field in Event._meta.concrete_fields}
    values = {name: getattr(instance, name) for name in form.cleaned_data if name in own}
    values["attachments"] = list(instance.attachments.all())  # in memory until saved
    values["sessions"] = [(s.start_date, s.end_date) for s in instance.sessions.all()]
    return values


class _ServiceRulesAsFormErrors:
    """A rule the service checks beyond the form (a session outside the event's dates) is
    shown on the form, and nothing is saved (the service's transaction rolled back)."""

    def form_valid(self, form: Any) -> Any:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except ValidationError as error:
            form.add_error(None, error.messages)
            # what Wagtail's own is_valid() sets when a form fails
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()  # type: ignore[attr-defined]
            return self.form_invalid(form)  # type: ignore[attr-defined]


class EventCreateView(_ServiceRulesAsFormErrors, CreateView):
    """Records the event through `services.create_event`, the admin's "office's role" left
    at "by kind" getting the service's default (organizer of the office's own events)."""

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        role = form.fields["office_role"]
        role.required = False
        role.choices = [("", _("By kind (organizer of the office's own events)"))] + [
            choice for choice in role.choices if choice[0]
        ]
        form.initial["office_role"] = ""
        return form

    def save_instance(self) -> Event:
        values = _event_values(self.form)
        if not values.get("office_role"):
            values.pop("office_role", None)
        return services.create_event(user=self.request.user, **values)


class EventEditView(_ServiceRulesAsFormErrors, EditView):
    """Saves the changes through `services.update_event` (one audited write path)."""

    def save_instance(self) -> Event:
        event = Event.objects.get(pk=self.object.pk)  # the form changed `self.object` already
        return services.update_event(
            event=event, user=self.request.user, **_event_values(self.form)
        )

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        buttons = list(super().header_more_buttons)
        if self.object.kind == EventKind.ORGANIZED and not self.object.archived:
            buttons.append(
                Button(
                    _("Publish as an announcement"),
                    url=reverse("activities_publish_event", args=[self.object.pk]),
                    icon_name="globe",
                    priority=40,
                )
            )
        return buttons


class EventViewSet(ModelViewSet):
    model = Event
    icon = "date"
    menu_label = _("Events")
    index_view_class = EventIndexView
    add_view_class = EventCreateView
    edit_view_class = EventEditView
    list_display = [
        "title",
        "kind",
        "start_date",
        "end_date",
        Column("place_display", label=_("place")),
        "organizers",
        BooleanColumn("is_public", label=_("in the public calendar")),
    ]
    list_filter = ["kind", "office_role", "online", "is_public", "archived", "start_date"]
    search_fields = ["title", "organizers", "partners", "place"]
    list_export = [
        "kind",
        "title",
        "start_date",
        "end_date",
        "start_time",
        "end_time",
        "place",
        "online",
        "organizers",
        "partners",
        "office_role",
        "participants",
        "notes",
        "is_public",
    ]
    export_filename = "events"
    inspect_view_enabled = True
    copy_view_enabled = True


class CivicActionViewSet(ModelViewSet):
    model = CivicAction
    icon = "group"
    menu_label = _("Civic actions")
    list_display = ["date", "kind", "subject", "place", "participants"]
    list_filter = ["kind", "archived", "date"]
    search_fields = ["subject", "place", "organizers", "demands"]
    list_export = [
        "date",
        "kind",
        "place",
        "organizers_display",
        "subject",
        "participants",
        "demands",
        "outcome",
    ]
    export_filename = "civic-actions"
    form_fields = [
        "kind",
        "date",
        "place",
        "organizations",
        "organizers",
        "subject",
        "participants",
        "demands",
        "outcome",
        "notes",
        "archived",
    ]
    inspect_view_enabled = True


class TextViewSet(ModelViewSet):
    model = Text
    icon = "doc-full"
    menu_label = _("Speeches and greetings")
    list_display = [
        "title",
        "kind",
        "date",
        "speaker",
        BooleanColumn("is_template", label=_("template")),
    ]
    list_filter = ["kind", "is_template", "archived", "date"]
    search_fields = ["title", "occasion", "body", "speaker"]
    list_export = ["kind", "title", "occasion", "date", "speaker", "is_template"]
    export_filename = "texts"
    inspect_view_enabled = True
    copy_view_enabled = True


class CoverageContractViewSet(ModelViewSet):
    model = CoverageContract
    icon = "form"
    menu_label = _("Coverage contracts")
    list_display = ["number", "date", "outlet", "subject", "period_start", "period_end", "amount"]
    list_filter = ["outlet", "archived", "date"]
    search_fields = ["number", "subject"]
    list_export = ["number", "date", "outlet", "subject", "period_start", "period_end", "amount"]
    export_filename = "coverage-contracts"
    form_fields = [
        "number",
        "date",
        "outlet",
        "subject",
        "period_start",
        "period_end",
        "amount",
        "file",
        "notes",
        "archived",
    ]
    inspect_view_enabled = True


class CoverageRequestViewSet(ModelViewSet):
    model = CoverageRequest
    icon = "mail"
    menu_label = _("Coverage requests")
    list_display = ["date", "number", "outlet", "subject", "event"]
    list_filter = ["outlet", "archived", "date"]
    search_fields = ["number", "subject"]
    list_export = ["date", "number", "outlet", "contract", "event", "subject"]
    export_filename = "coverage-requests"
    form_fields = ["date", "number", "outlet", "contract", "event", "subject", "notes", "archived"]
    inspect_view_enabled = True


class SubscriptionViewSet(ModelViewSet):
    model = PeriodicalSubscription
    icon = "doc-empty"
    menu_label = _("Periodical subscriptions")
    list_display = ["periodical", "period_start", "period_end", "copies", "recipients", "amount"]
    list_filter = ["archived", "period_start"]
    search_fields = ["periodical", "recipients"]
    list_export = [
        "periodical",
        "outlet",
        "period_start",
        "period_end",
        "copies",
        "recipients",
        "amount",
        "ordered_on",
    ]
    export_filename = "subscriptions"
    form_fields = [
        "periodical",
        "outlet",
        "period_start",
        "period_end",
        "copies",
        "recipients",
        "amount",
        "ordered_on",
        "notes",
        "archived",
    ]


class CommissionViewSet(ModelViewSet):
    model = Commission
    icon = "group"
    menu_label = _("Commissions and working groups")
    list_display = ["name", "kind", "establishing_act", "established_on", "dissolved_on"]
    list_filter = ["kind", "archived"]
    search_fields = ["name", "establishing_act"]
    list_export = ["name", "kind", "establishing_act", "established_on", "dissolved_on"]
    export_filename = "commissions"
    inspect_view_enabled = True


class SocialAccountViewSet(ModelViewSet):
    model = SocialAccount
    icon = "site"
    menu_label = _("Social-media accounts")
    list_display = [
        "name",
        "platform",
        "url",
        "started_on",
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["platform", "is_active"]
    search_fields = ["name", "url"]
    list_export = ["platform", "name", "url", "started_on", "is_active"]
    export_filename = "social-accounts"
    form_fields = ["platform", "name", "url", "started_on", "is_active"]


class SocialMediaFigureViewSet(ModelViewSet):
    model = SocialMediaFigure
    icon = "table"
    menu_label = _("Follower counts")
    list_display = ["account", "date", "followers", "source"]
    list_filter = ["account", "source", "date"]
    list_export = ["account", "date", "followers", "source"]
    export_filename = "followers"
    form_fields = ["account", "date", "followers"]


class ObservanceViewSet(ModelViewSet):
    model = Observance
    icon = "calendar-alt"
    menu_label = _("Holidays and memorable dates")
    list_display = [
        "name",
        "kind",
        "rule",
        "month",
        "day",
        "remind_days_before",
        BooleanColumn("is_active", label=_("active")),
    ]
    list_filter = ["kind", "rule", "is_active", "builtin"]
    search_fields = ["name", "key"]
    list_export = [
        "key",
        "name",
        "kind",
        "rule",
        "month",
        "day",
        "weekday",
        "nth",
        "easter_offset",
        "valid_from",
        "valid_to",
        "remind_days_before",
        "is_active",
    ]
    export_filename = "observances"


class ActivityViewSet(ModelViewSet):
    model = Activity
    icon = "list-ul"
    menu_label = _("Other activity records")
    list_display = ["date", "kind", "title", "source"]
    list_filter = ["kind", "source", "archived", "date"]
    search_fields = ["title", "details"]
    list_export = ["kind", "date", "title", "details", "source", "source_ref"]
    export_filename = "activities"
    form_fields = ["kind", "date", "title", "details", "archived"]


class ActivitiesGroup(ViewSetGroup):
    menu_label = _("Activity journal")
    menu_icon = "date"
    menu_order = 450
    items = (
        CalendarViewSet("activities_calendar"),
        EventViewSet("activities_events"),
        CivicActionViewSet("activities_civic_actions"),
        TextViewSet("activities_texts"),
        CoverageContractViewSet("activities_contracts"),
        CoverageRequestViewSet("activities_coverage_requests"),
        SubscriptionViewSet("activities_subscriptions"),
        CommissionViewSet("activities_commissions"),
        SocialAccountViewSet("activities_social_accounts"),
        SocialMediaFigureViewSet("activities_followers"),
        ObservanceViewSet("activities_observances"),
        ActivityViewSet("activities_records"),
    )


@hooks.register("register_admin_viewset")
def register_activities() -> ActivitiesGroup:
    return ActivitiesGroup()


@hooks.register("register_admin_urls")
def register_activities_urls() -> list[Any]:
    return [
        path(
            "activities/plan/<int:pk>/<int:year>/",
            admin_views.plan_observance,
            name="activities_plan_observance",
        ),
        path(
            "activities/events/<int:pk>/publish/",
            admin_views.publish_event,
            name="activities_publish_event",
        ),
    ]
