"""The participation admin: one menu group "Участь громади" gathering the components' viewsets
(each in its ``<component>/admin.py``): residents, e-petitions, problem reports and their
categories, comments on drafts and summaries, the participatory budget. Decisions
(moderation, status changes, resident confirmation) go through the components' services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from hromada.core.permissions import NoDeletePermissionPolicy
from hromada.participation.budget.admin import BudgetCycleViewSet, BudgetProjectViewSet
from hromada.participation.budget.models import BudgetCycle, BudgetProject
from hromada.participation.consultations.admin import CommentViewSet, SummaryViewSet
from hromada.participation.consultations.models import ConsultationSummary, DraftComment
from hromada.participation.petitions.admin import PetitionViewSet
from hromada.participation.petitions.models import Petition
from hromada.participation.problems.admin import ProblemCategoryViewSet, ProblemViewSet
from hromada.participation.problems.models import ProblemReport
from hromada.participation.residents.admin import ResidentViewSet
from hromada.participation.residents.models import Resident

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
    "participation.hidden": (_("Hide"), _("Hidden from the public")),
    "participation.appeal_registered": (
        _("Register as an appeal"),
        _("Registered in the journal as an appeal"),
    ),
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


__all__ = ["ParticipationGroup"]
