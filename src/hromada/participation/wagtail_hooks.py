"""The participation admin: one menu group "Участь громади" with residents, e-petitions,
problem reports and their categories, comments on drafts and the participatory budget.
Decisions (moderation, status changes, resident confirmation) go through the services."""

from __future__ import annotations

from typing import Any

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.participation import admin_views, selectors
from hromada.participation.models import (
    PETITION_WORKFLOW,
    PROBLEM_WORKFLOW,
    BudgetCycle,
    BudgetProject,
    CommentStatus,
    ConsultationSummary,
    DraftComment,
    Petition,
    PetitionStatus,
    ProblemCategory,
    ProblemReport,
    ProjectStatus,
    Resident,
)

for _model in (
    Petition,
    ProblemReport,
    Resident,
    DraftComment,
    BudgetProject,
    BudgetCycle,
    ConsultationSummary,
):
    register_permission_policy(_model, NoDeletePermissionPolicy(_model))

LOG_ACTIONS = {
    "participation.email_confirmed": (_("Confirm e-mail"), _("E-mail confirmed")),
    "participation.verified": (_("Confirm the resident"), _("Resident confirmed")),
    "participation.account_deleted": (_("Delete account"), _("Account deleted")),
    "participation.moderated": (_("Moderate"), _("Moderated")),
    "participation.reviewed": (_("Review"), _("Reviewed")),
    "participation.ballot_first_entry": (_("Enter a paper ballot"), _("Paper ballot entered")),
    "participation.ballot_mismatch": (_("Second entry"), _("Paper ballot entries differ")),
    "participation.ballot_counted": (_("Second entry"), _("Paper ballot counted")),
    "participation.results": (_("Compute results"), _("Results computed")),
    "participation.photo_refused": (_("Photo access refused"), _("Photo access refused")),
}


@hooks.register("register_log_actions")
def register_log_actions(actions: Any) -> None:
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


class ActionColumn(Column):
    cell_template_name = "participation/admin/action_cell.html"

    def __init__(self, name: str, *, url_name: str, label: Any, show: Any) -> None:
        super().__init__(name, label=label)
        self.url_name = url_name
        self.action_label = label
        self.show = show

    def get_cell_context_data(self, instance: Any, parent_context: Any) -> dict[str, Any]:
        context = super().get_cell_context_data(instance, parent_context)
        context["url"] = reverse(self.url_name, args=[instance.pk]) if self.show(instance) else ""
        context["label"] = self.action_label
        return context


class PostActionColumn(ActionColumn):
    cell_template_name = "participation/admin/results_cell.html"


class ResidentViewSet(ModelViewSet):
    """Resident accounts. Personal data: only for those with the resident permissions."""

    model = Resident
    icon = "user"
    menu_label = _("Residents")
    list_display = [
        "full_name",
        "district",
        "email_confirmed_at",
        "verified_at",
        ActionColumn(
            "confirm",
            url_name="participation_residents:confirm",
            label=_("Confirm the resident"),
            show=lambda r: r.verified_at is None and r.deleted_at is None,
        ),
    ]
    list_filter = ["verified_document"]
    search_fields = ["full_name"]
    list_export = [
        "full_name",
        "district",
        "email_confirmed_at",
        "verified_at",
        "verified_document",
    ]
    export_filename = "residents"
    form_fields = ["full_name", "district"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("confirm/<int:pk>/", admin_views.confirm_resident, name="confirm"),
        ]


class PetitionIndexView(IndexView):
    """Petitions with their signatures counted from the rows (there is no counter column)."""

    export_headings = {"signature_count": _("Signatures")}

    def get_base_queryset(self) -> Any:
        return selectors.with_signatures(super().get_base_queryset())


class PetitionViewSet(ModelViewSet):
    model = Petition
    icon = "doc-full"
    menu_label = _("E-petitions")
    index_view_class = PetitionIndexView
    list_display = [
        "title",
        "status",
        Column("signature_count", label=_("Signatures"), sort_key="signature_count"),
        "published_on",
        "due_date",
        ActionColumn(
            "decide",
            url_name="participation_petitions:decide",
            label=_("Decide"),
            show=lambda p: p.status in (PetitionStatus.MODERATION, PetitionStatus.CONSIDERATION),
        ),
    ]
    list_filter = ["status"]
    search_fields = ["title", "text"]
    list_export = [
        "title",
        "author_name",
        "status",
        "published_on",
        "collection_ends_on",
        "threshold",
        "signature_count",
        "reached_on",
        "due_date",
        "answered_on",
    ]
    export_filename = "e-petitions"
    form_fields = ["assignee"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("decide/<int:pk>/", admin_views.moderate_petition, name="decide"),
        ]


class ProblemViewSet(ModelViewSet):
    model = ProblemReport
    icon = "warning"
    menu_label = _("Problem reports")
    list_display = [
        "address",
        "category",
        "responsible",
        "status",
        "created_at",
        "due_date",
        ActionColumn(
            "change",
            url_name="participation_problems:status",
            label=_("Change status"),
            show=lambda r: bool(PROBLEM_WORKFLOW.allowed_next(r.status)),
        ),
    ]
    list_filter = ["status", "category"]
    search_fields = ["address", "description"]
    list_export = [
        "created_at",
        "category",
        "responsible",
        "address",
        "status",
        "due_date",
        "solved_at",
    ]
    export_filename = "problem-reports"
    form_fields = ["assignee", "responsible"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("status/<int:pk>/", admin_views.problem_status, name="status"),
            path("photo/<int:pk>/", admin_views.problem_photo, name="photo"),
        ]


class ProblemCategoryViewSet(ModelViewSet):
    model = ProblemCategory
    icon = "tag"
    menu_label = _("Problem categories")
    list_display = ["name", "responsible", "responsible_email"]
    list_export = ["name", "responsible", "responsible_email"]
    export_filename = "problem-categories"
    form_fields = ["name", "responsible", "responsible_email"]
    copy_view_enabled = False


class CommentViewSet(ModelViewSet):
    model = DraftComment
    icon = "comment"
    menu_label = _("Comments on drafts")
    list_display = [
        "act",
        "author_name",
        "status",
        "created_at",
        ActionColumn(
            "moderate",
            url_name="participation_comments:moderate",
            label=_("Moderate"),
            show=lambda c: c.status == CommentStatus.PENDING,
        ),
    ]
    list_filter = ["status"]
    list_export = ["act", "author_name", "text", "status", "created_at"]
    export_filename = "draft-comments"
    form_fields = ["text"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("moderate/<int:pk>/", admin_views.moderate_comment, name="moderate"),
        ]


class SummaryViewSet(ModelViewSet):
    """Staff publish the summary of a draft's comments and what was taken into account."""

    model = ConsultationSummary
    icon = "doc-full-inverse"
    menu_label = _("Consultation summaries")
    list_display = ["act", "published_at"]
    list_export = ["act", "text", "published_at"]
    export_filename = "consultation-summaries"
    form_fields = ["act", "text"]
    copy_view_enabled = False


class BudgetCycleViewSet(ModelViewSet):
    model = BudgetCycle
    icon = "date"
    menu_label = _("Budget cycles")
    list_display = [
        "year",
        "budget",
        "votes_per_resident",
        "voting_start",
        "voting_end",
        ActionColumn(
            "ballot",
            url_name="participation_cycles:ballot",
            label=_("Enter a paper ballot"),
            show=lambda c: True,
        ),
        PostActionColumn(
            "results",
            url_name="participation_cycles:results",
            label=_("Compute results"),
            show=lambda c: True,
        ),
    ]
    list_export = ["year", "budget", "project_cost_limit", "votes_per_resident"]
    export_filename = "budget-cycles"
    form_fields = [
        "year",
        "budget",
        "project_cost_limit",
        "votes_per_resident",
        "submission_start",
        "submission_end",
        "review_end",
        "voting_start",
        "voting_end",
        "results_on",
    ]
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("ballot/<int:pk>/", admin_views.enter_ballot, name="ballot"),
            path("results/<int:pk>/", admin_views.compute_results, name="results"),
        ]


class BudgetProjectIndexView(IndexView):
    """Projects with their votes counted from the vote rows (there is no counter column)."""

    export_headings = {"votes": _("Votes")}

    def get_base_queryset(self) -> Any:
        return selectors.with_votes(super().get_base_queryset())


class BudgetProjectViewSet(ModelViewSet):
    model = BudgetProject
    icon = "clipboard-list"
    menu_label = _("Budget projects")
    index_view_class = BudgetProjectIndexView
    list_display = [
        "title",
        "cycle",
        "category",
        "cost",
        "status",
        Column("votes", label=_("Votes"), sort_key="votes"),
        ActionColumn(
            "review",
            url_name="participation_projects:review",
            label=_("Review"),
            show=lambda p: p.status in (ProjectStatus.SUBMITTED, ProjectStatus.ACCEPTED),
        ),
        ActionColumn(
            "milestone",
            url_name="participation_projects:milestone",
            label=_("Add an implementation milestone"),
            show=lambda p: p.status in (ProjectStatus.WINNER, ProjectStatus.IMPLEMENTED),
        ),
    ]
    list_filter = ["cycle", "status"]
    search_fields = ["title"]
    list_export = ["title", "cycle", "category", "district", "cost", "status", "votes"]
    export_filename = "budget-projects"
    form_fields = ["title", "district", "location", "description"]
    add_view_enabled = False
    copy_view_enabled = False

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("review/<int:pk>/", admin_views.review_project, name="review"),
            path("milestone/<int:pk>/", admin_views.add_milestone, name="milestone"),
            path("photo/<int:pk>/", admin_views.project_photo, name="photo"),
            path("milestone-photo/<int:pk>/", admin_views.milestone_photo, name="milestone_photo"),
        ]


class ParticipationGroup(ViewSetGroup):
    menu_label = _("Participation")
    menu_icon = "group"
    menu_order = 460
    items = (
        PetitionViewSet("participation_petitions"),
        ProblemViewSet("participation_problems"),
        ProblemCategoryViewSet("participation_categories"),
        CommentViewSet("participation_comments"),
        SummaryViewSet("participation_summaries"),
        BudgetCycleViewSet("participation_cycles"),
        BudgetProjectViewSet("participation_projects"),
        ResidentViewSet("participation_residents"),
    )


@hooks.register("register_admin_viewset")
def register_participation() -> ParticipationGroup:
    return ParticipationGroup()


__all__ = ["PETITION_WORKFLOW", "ParticipationGroup"]
