"""The monitoring admin: one menu group "Моніторинг ЗМІ" — inbox and archive, sources,
stories, topics, thematic reviews, information notes; bulk actions on the inbox; an alert
on the dashboard when sources fail."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, TitleColumn
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.core.viewsets import DocxTemplateViewSetMixin
from hromada.monitoring import documents, selectors, services, views
from hromada.monitoring.forms import DocumentTemplateForm
from hromada.monitoring.models import (
    DocumentTemplate,
    InformationNote,
    MediaItem,
    Outlet,
    Relevance,
    Review,
    Story,
    Topic,
)

for _model in (Outlet, MediaItem, Topic, Story, Review, InformationNote, DocumentTemplate):
    register_permission_policy(_model, NoDeletePermissionPolicy(_model))


class OutletFilterSet(WagtailFilterSet):
    paused = django_filters.BooleanFilter(
        field_name="paused_at", lookup_expr="isnull", exclude=True, label=_("Paused")
    )

    class Meta:
        model = Outlet
        fields = ["kind", "is_active", "region"]


class OutletViewSet(SnippetViewSet):
    """Sources: outlets, their feeds and their health."""

    model = Outlet
    icon = "globe"
    menu_label = _("Sources")
    list_display = [
        "name",
        "kind",
        BooleanColumn("is_active", label=_("active")),
        "last_success_at",
        "consecutive_failures",
        "paused_at",
    ]
    filterset_class = OutletFilterSet
    search_fields = ["name"]
    list_export = [
        "name",
        "kind",
        "site_url",
        "region",
        "is_active",
        "last_success_at",
        "consecutive_failures",
        "paused_at",
        "last_error",
    ]
    export_filename = "media-sources"
    copy_view_enabled = False
    inspect_view_enabled = True


class MediaItemFilterSet(WagtailFilterSet):
    published_at = django_filters.DateFromToRangeFilter(
        label=_("Published"), widget=DateRangePickerWidget
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[c for c in Relevance.choices if c[0] != Relevance.UNRELATED],
        empty_label=_("All"),
    )
    story = django_filters.NumberFilter(field_name="story_id", label=_("Story number"))

    class Meta:
        model = MediaItem
        fields = ["status", "outlet", "topics", "cites_official", "is_manual"]


def _inbox_of_story(story_id: int | None) -> str | None:
    if story_id is None:
        return None
    return reverse("wagtailsnippets_monitoring_mediaitem:list") + f"?story={story_id}"


class InboxIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[MediaItem]:
        # The inbox and archive list the items that mention the city; the rest wait 30 days
        # in case the word forms change, then are dropped.
        queryset: QuerySet[MediaItem] = super().get_base_queryset()
        return (
            queryset.filter(mentions_city=True)
            .select_related("outlet", "story")
            .prefetch_related("mentions")
        )

    def search_queryset(self, queryset: Any) -> Any:
        """Full-text search over titles and texts (whole words, any inflection the backend
        knows). A filter the search index cannot apply (topics) falls back to substring
        search in the database."""
        if not self.is_searching:
            return queryset
        from modelsearch.backends.base import FilterFieldError
        from wagtail.search.backends import get_search_backend

        try:
            return get_search_backend().search(
                self.search_query,
                queryset,
                order_by_relevance=not self.is_explicitly_ordered,
            )
        except FilterFieldError:
            query = Q(title__icontains=self.search_query) | Q(text__icontains=self.search_query)
            return queryset.filter(query)


class ManualItemCreateView(CreateView):
    """Items added here are seen in print, on TV or radio (attach the scan or recording):
    they are analysed like fetched ones and count as relevant."""

    def save_instance(self) -> MediaItem:
        item: MediaItem = super().save_instance()
        return services.analyse_manual_item(item=item)


class MediaItemViewSet(SnippetViewSet):
    """The inbox of new items that mention the city, and the searchable archive."""

    model = MediaItem
    icon = "doc-full"
    menu_label = _("Inbox and archive")
    index_view_class = InboxIndexView
    add_view_class = ManualItemCreateView
    list_display = [
        "title",
        "highlighted",
        "outlet",
        "published_at",
        "status",
        BooleanColumn("cites_official", label=_("cites the office")),
        TitleColumn(
            "story",
            label=_("story"),
            get_url=lambda item: _inbox_of_story(item.story_id),
        ),
    ]
    filterset_class = MediaItemFilterSet
    search_fields = ["title", "text"]
    list_export = ["title", "outlet", "url", "published_at", "status", "cites_official", "story"]
    export_filename = "media-items"
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "outlet",
        "url",
        "published_at",
        "status",
        "highlighted",
        "cites_official",
        "citation_evidence",
        "story",
        "topics",
        "text",
        "attachment",
    ]


class StoryViewSet(SnippetViewSet):
    model = Story
    icon = "copy"
    menu_label = _("Stories")
    list_display = [
        "title",
        TitleColumn(
            "item_count", label=_("items"), get_url=lambda story: _inbox_of_story(story.pk)
        ),
        "first_outlet",
        "first_item",
        "created_at",
    ]
    search_fields = ["title"]
    list_export = ["title", "item_count", "first_outlet", "first_item", "created_at"]
    export_filename = "media-stories"
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    panels: list[Any] = []
    form_fields = ["title"]


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", BooleanColumn("is_active", label=_("active"))]
    list_export = ["name", "keywords", "is_active"]
    export_filename = "media-topics"
    copy_view_enabled = False


class ReviewViewSet(SnippetViewSet):
    model = Review
    icon = "list-ol"
    menu_label = _("Thematic reviews")
    list_display = ["title", "topic", "period_start", "period_end", "prepared_on"]
    list_filter = ["topic"]
    search_fields = ["title"]
    list_export = ["title", "topic", "period_start", "period_end", "prepared_on"]
    export_filename = "media-reviews"


class NoteIndexView(IndexView):
    @property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("monitoring.add_informationnote"):
            buttons.append(
                HeaderButton(
                    _("Draft from the period's items"),
                    url=reverse("monitoring_generate_note"),
                    icon_name="doc-full",
                )
            )
        return buttons


class InformationNoteViewSet(SnippetViewSet):
    model = InformationNote
    icon = "doc-full-inverse"
    menu_label = _("Information notes")
    index_view_class = NoteIndexView
    list_display = ["title", "kind", "period_start", "period_end", "prepared_on"]
    list_filter = ["kind"]
    search_fields = ["title"]
    list_export = ["title", "kind", "period_start", "period_end", "prepared_on"]
    export_filename = "information-notes"


TEMPLATES_NAMESPACE = "wagtailsnippets_monitoring_documenttemplate"


class DocumentTemplateIndexView(IndexView):
    @property
    def header_buttons(self) -> list[Any]:
        buttons = list(super().header_buttons)
        for order, kind in enumerate(documents.KINDS.values()):
            buttons.append(
                HeaderButton(
                    _("Built-in template: %(kind)s") % {"kind": kind.label},
                    url=reverse(f"{TEMPLATES_NAMESPACE}:built_in_kind", args=[kind.key]),
                    icon_name="download",
                    priority=100 + order,
                )
            )
        return buttons


class DocumentTemplateViewSet(DocxTemplateViewSetMixin, SnippetViewSet):
    """DOCX templates of reviews and notes: download a built-in one (buttons above the list),
    edit it in Word or LibreOffice, upload it here and mark it "use by default"."""

    model = DocumentTemplate
    icon = "doc-empty"
    menu_label = _("Document templates")
    index_view_class = DocumentTemplateIndexView
    list_display = ["name", "kind", "is_default", "uploaded_at", "uploaded_by"]
    list_filter = ["kind", "is_default"]
    list_export = ["name", "kind", "is_default", "uploaded_at", "uploaded_by"]
    export_filename = "monitoring-templates"
    copy_view_enabled = False
    template_form_class = DocumentTemplateForm
    template_kinds = tuple(documents.KINDS.values())
    panels = [FieldPanel("kind"), FieldPanel("name"), FieldPanel("file"), FieldPanel("is_default")]


class MonitoringGroup(SnippetViewSetGroup):
    menu_label = _("Media monitoring")
    menu_icon = "globe"
    menu_order = 450
    items = (
        MediaItemViewSet,
        OutletViewSet,
        StoryViewSet,
        TopicViewSet,
        ReviewViewSet,
        InformationNoteViewSet,
        DocumentTemplateViewSet,
    )


register_snippet(MonitoringGroup)


@hooks.register("register_admin_urls")
def monitoring_urls() -> list[Any]:
    return [
        path(
            "monitoring/reviews/<int:pk>/export.<str:fmt>",
            views.review_export,
            name="monitoring_review_export",
        ),
        path(
            "monitoring/notes/<int:pk>/export.<str:fmt>",
            views.note_export,
            name="monitoring_note_export",
        ),
        path("monitoring/notes/draft/", views.generate_note, name="monitoring_generate_note"),
    ]


@hooks.register("register_snippet_listing_buttons")
def export_buttons(snippet: Any, user: Any, next_url: str | None = None) -> list[Any]:
    if isinstance(snippet, Review):
        name = "monitoring_review_export"
    elif isinstance(snippet, InformationNote):
        name = "monitoring_note_export"
    else:
        return []
    return [
        Button(
            _("Download DOCX"),
            url=reverse(name, args=[snippet.pk, "docx"]),
            icon_name="download",
            priority=40,
        ),
        Button(
            _("Download PDF"),
            url=reverse(name, args=[snippet.pk, "pdf"]),
            icon_name="download",
            priority=41,
        ),
        Button(
            _("Download HTML"),
            url=reverse(name, args=[snippet.pk, "html"]),
            icon_name="download",
            priority=42,
        ),
    ]


class SourceHealthPanel(Component):
    name = "monitoring_source_health"
    order = 90
    template_name = "monitoring/health_panel.html"

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        return {"outlets": self.outlets}


@hooks.register("construct_homepage_panels")
def source_health_alert(request: Any, panels: list[Any]) -> None:
    if not request.user.has_perm("monitoring.change_outlet"):
        return
    outlets = list(selectors.unhealthy_outlets().order_by("-paused_at", "name")[:20])
    if outlets:
        panels.append(SourceHealthPanel(outlets))


# --- bulk actions on the inbox ---------------------------------------------------------


class _ItemBulkAction(SnippetBulkAction):
    models = [MediaItem]
    template_name = "monitoring/confirm_bulk_status.html"
    action_priority = 10

    def check_perm(self, obj: Any) -> bool:
        return bool(self.request.user.has_perm("monitoring.change_mediaitem"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["action_title"] = self.display_name
        return context

    def get_execution_context(self) -> dict[str, Any]:
        context = super().get_execution_context()
        context["user"] = self.request.user
        if hasattr(self, "cleaned_form"):
            context.update(self.cleaned_form.cleaned_data)
        return context


class _StatusAction(_ItemBulkAction):
    status = Relevance.RELEVANT

    @classmethod
    def execute_action(cls, objects: Any, user: Any = None, **kwargs: Any) -> tuple[int, int]:
        return services.set_status(items=objects, status=cls.status, user=user), 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext("%(count)d item changed", "%(count)d items changed", num_parent_objects) % {
            "count": num_parent_objects
        }


@hooks.register("register_bulk_action")
class MarkRelevantAction(_StatusAction):
    display_name = _("Relevant")
    action_type = "mark_relevant"
    aria_label = _("Mark the selected items relevant")
    status = Relevance.RELEVANT


@hooks.register("register_bulk_action")
class MarkNotRelevantAction(_StatusAction):
    display_name = _("Not relevant")
    action_type = "mark_not_relevant"
    aria_label = _("Mark the selected items not relevant")
    status = Relevance.NOT_RELEVANT


class TopicForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all())


@hooks.register("register_bulk_action")
class AssignTopicAction(_ItemBulkAction):
    display_name = _("Assign a topic")
    action_type = "assign_topic"
    aria_label = _("Assign a topic to the selected items")
    form_class = TopicForm

    @classmethod
    def execute_action(
        cls, objects: Any, user: Any = None, topic: Topic | None = None, **kwargs: Any
    ) -> tuple[int, int]:
        if topic is None:
            return 0, 0
        return services.assign_topics(items=objects, topics=[topic], user=user), 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext("%(count)d item changed", "%(count)d items changed", num_parent_objects) % {
            "count": num_parent_objects
        }


class ReviewForm(forms.Form):
    review = forms.ModelChoiceField(label=_("Thematic review"), queryset=Review.objects.all())


@hooks.register("register_bulk_action")
class AddToReviewAction(_ItemBulkAction):
    display_name = _("Add to a review")
    action_type = "add_to_review"
    aria_label = _("Add the selected items to a thematic review")
    form_class = ReviewForm

    @classmethod
    def execute_action(
        cls, objects: Any, user: Any = None, review: Review | None = None, **kwargs: Any
    ) -> tuple[int, int]:
        if review is None:
            return 0, 0
        return services.add_to_review(review=review, items=objects, user=user), 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        return ngettext(
            "%(count)d item added to the review",
            "%(count)d items added to the review",
            num_parent_objects,
        ) % {"count": num_parent_objects}
