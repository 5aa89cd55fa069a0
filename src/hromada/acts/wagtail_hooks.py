"""The acts admin: one menu group "Рішення" — acts and drafts, topics, drafts on time."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.models import CreateView, EditView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from hromada.acts import selectors, services
from hromada.acts.models import Act, PublicDocument, Topic
from hromada.core.permissions import NoDeletePermissionPolicy

register_permission_policy(Act, NoDeletePermissionPolicy(Act))
register_permission_policy(Topic, NoDeletePermissionPolicy(Topic))
register_permission_policy(PublicDocument, NoDeletePermissionPolicy(PublicDocument))


class _DeadlineWarning:
    """After saving: the search document is rebuilt and a late draft is warned about."""

    request: HttpRequest

    def _after_save(self, act: Act) -> None:
        services.queue_pending_extractions(act=act)
        services.refresh_search(act)
        services.sync_public_document(act)
        message = services.late_draft_message(act)
        if message:
            messages.warning(self.request, message)
        elif act.is_draft and act.status == "draft" and act.published_on is None:
            deadline = selectors.draft_deadline(act)
            if deadline.is_problem and deadline.latest_publication:
                messages.warning(
                    self.request,
                    _("Publish this draft by %(date)s: 10 working days before %(consideration)s.")
                    % {
                        "date": f"{deadline.latest_publication:%d.%m.%Y}",
                        "consideration": f"{deadline.consideration:%d.%m.%Y}",
                    },
                )


class ActCreateView(_DeadlineWarning, CreateView):
    def save_instance(self) -> Act:
        act: Act = super().save_instance()
        self._after_save(act)
        return act


class ActEditView(_DeadlineWarning, EditView):
    def save_instance(self) -> Act:
        act: Act = super().save_instance()
        self._after_save(act)
        return act

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        act = self.object
        if act.status == "draft":
            message = services.late_draft_message(act)
            deadline = selectors.draft_deadline(act)
            if message:
                messages.warning(request, message)
            elif deadline.is_problem and deadline.latest_publication:
                messages.warning(
                    request,
                    _("Publish this draft by %(date)s: 10 working days before %(consideration)s.")
                    % {
                        "date": f"{deadline.latest_publication:%d.%m.%Y}",
                        "consideration": f"{deadline.consideration:%d.%m.%Y}",
                    },
                )
        return response


class ActViewSet(ModelViewSet):
    """Acts and drafts: details, files (PDF, DOCX, ODT; text extracted for search), links."""

    model = Act
    icon = "doc-full"
    menu_label = _("Acts and drafts")
    list_display = ["title", "kind", "number", "date", "status", "published_on"]
    list_filter = ["kind", "status", "year", "lustration_category", "archived"]
    search_fields = ["title", "number"]
    list_export = [
        "kind",
        "number",
        "date",
        "title",
        "status",
        "published_on",
        "consideration_date",
        "issuing_body",
        "department",
        "lustration_category",
        "person_position",
    ]
    export_filename = "acts"
    add_view_class = ActCreateView
    edit_view_class = ActEditView
    inspect_view_enabled = True
    copy_view_enabled = False


class TopicViewSet(ModelViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name"]
    search_fields = ["name"]
    list_export = ["name"]
    form_fields = ["name"]
    copy_view_enabled = False


def drafts_on_time(request: HttpRequest) -> HttpResponse:
    """Drafts still to be considered that are late or at risk of the 10-working-day rule."""
    if not request.user.has_perm("acts.view_act"):
        raise PermissionDenied
    today = timezone.localdate()
    rows = [
        {
            "act": act,
            "deadline": deadline,
            "edit_url": reverse("acts:edit", args=[quote(act.pk)]),
        }
        for act, deadline in selectors.drafts_to_watch(today=today)
    ]
    return TemplateResponse(
        request,
        "acts/admin/drafts_on_time.html",
        {"rows": rows, "today": today, "page_title": _("Drafts on time")},
    )


class _StaffMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm("acts.view_act"))


class DraftsOnTimeViewSet(ViewSet):
    """The dashboard of drafts that are late or at risk."""

    icon = "warning"
    menu_label = _("Drafts on time")
    menu_item_class = _StaffMenuItem

    def get_urlpatterns(self) -> list[Any]:
        return [path("", drafts_on_time, name="index")]


class PublicDocumentViewSet(ModelViewSet):
    """The register of public-information documents: acts' cards are kept by the acts
    themselves; other documents are entered here."""

    model = PublicDocument
    icon = "list-ul"
    menu_label = _("Public-information documents")
    list_display = ["title", "number", "created_on", "document_type", "access"]
    list_filter = ["access", "carrier", "archived"]
    search_fields = ["title", "number", "keywords"]
    form_fields = [
        "title",
        "number",
        "created_on",
        "received_on",
        "source",
        "access",
        "access_basis",
        "field",
        "keywords",
        "document_type",
        "carrier",
        "storage",
        "archived",
    ]
    list_export = form_fields
    export_filename = "public-documents"
    copy_view_enabled = False


class ActsGroup(ViewSetGroup):
    menu_label = _("Acts")
    menu_icon = "doc-full"
    menu_order = 350
    items = (
        ActViewSet("acts"),
        DraftsOnTimeViewSet("acts_drafts_on_time"),
        PublicDocumentViewSet("public_documents"),
        TopicViewSet("act_topics"),
    )


@hooks.register("register_admin_viewset")
def register_acts() -> ActsGroup:
    return ActsGroup()


@hooks.register("register_admin_viewset")
def register_act_chooser() -> ChooserViewSet:
    from hromada.acts.choosers import act_chooser_viewset

    return act_chooser_viewset
