"""The participation module's report figures (keys in docs/metrics.md)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from hromada.core.metrics import Period, register
from hromada.participation.models import (
    BudgetProject,
    BudgetVote,
    DraftComment,
    Petition,
    ProblemReport,
    ProjectStatus,
)
from hromada.participation.problems import selectors as problems


def _between(queryset: QuerySet[Any], field: str, period: Period) -> QuerySet[Any]:
    start, end = period.bounds()
    return queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})


def _days(queryset: QuerySet[Any], field: str, period: Period) -> QuerySet[Any]:
    return queryset.filter(**{f"{field}__gte": period.start, f"{field}__lte": period.end})


def petitions_filed(period: Period) -> QuerySet[Petition]:
    return _between(Petition.objects.all(), "created_at", period)


def petitions_reached(period: Period) -> QuerySet[Petition]:
    return _days(Petition.objects.all(), "reached_on", period)


def petitions_answered(period: Period) -> QuerySet[Petition]:
    return _days(Petition.objects.all(), "answered_on", period)


def projects_submitted(period: Period) -> QuerySet[BudgetProject]:
    return _between(BudgetProject.objects.all(), "submitted_at", period)


def budget_votes(period: Period) -> QuerySet[BudgetVote]:
    return _between(BudgetVote.objects.all(), "cast_at", period)


def budget_winners(period: Period) -> QuerySet[BudgetProject]:
    return BudgetProject.objects.filter(
        status__in=[ProjectStatus.WINNER, ProjectStatus.IMPLEMENTED],
        cycle__results_on__gte=period.start,
        cycle__results_on__lte=period.end,
    )


def comments(period: Period) -> QuerySet[DraftComment]:
    return _between(DraftComment.objects.all(), "created_at", period)


def problems_reported(period: Period) -> QuerySet[ProblemReport]:
    return _between(ProblemReport.objects.all(), "created_at", period)


def problems_solved(period: Period) -> QuerySet[ProblemReport]:
    return _between(ProblemReport.objects.filter(status="solved"), "solved_at", period)


def median_days(period: Period) -> int:
    return problems.median_days_to_solve(problems_solved(period))


register(
    "participation.petitions_filed",
    label=_("E-petitions filed"),
    unit=npgettext_lazy("report unit", "petition", "petitions"),
    definition=_("E-petitions filed by residents in the period, whatever their fate."),
    records=petitions_filed,
)
register(
    "participation.petitions_reached_threshold",
    label=_("E-petitions that reached the threshold"),
    unit=npgettext_lazy("report unit", "petition", "petitions"),
    definition=_("E-petitions whose signatures reached the threshold in the period."),
    records=petitions_reached,
)
register(
    "participation.petitions_answered",
    label=_("E-petitions answered"),
    unit=npgettext_lazy("report unit", "petition", "petitions"),
    definition=_("E-petitions whose answer was published in the period."),
    records=petitions_answered,
)
register(
    "participation.budget_projects_submitted",
    label=_("Participatory budget projects submitted"),
    unit=npgettext_lazy("report unit", "project", "projects"),
    definition=_("Projects submitted to the participatory budget in the period."),
    records=projects_submitted,
)
register(
    "participation.budget_votes",
    label=_("Participatory budget votes"),
    unit=npgettext_lazy("report unit", "vote", "votes"),
    definition=_("Votes cast in the period, online and on counted paper ballots."),
    records=budget_votes,
)
register(
    "participation.budget_winners",
    label=_("Participatory budget winners"),
    unit=npgettext_lazy("report unit", "project", "projects"),
    definition=_("Winning projects of the cycles whose results were announced in the period."),
    records=budget_winners,
)
register(
    "participation.consultation_comments",
    label=_("Comments on draft decisions"),
    unit=npgettext_lazy("report unit", "comment", "comments"),
    definition=_("Comments residents wrote on published drafts in the period."),
    records=comments,
)
register(
    "participation.problems_reported",
    label=_("Problems reported"),
    unit=npgettext_lazy("report unit", "report", "reports"),
    definition=_("Problem reports received in the period."),
    records=problems_reported,
)
register(
    "participation.problems_solved",
    label=_("Problems solved"),
    unit=npgettext_lazy("report unit", "problem", "problems"),
    definition=_("Problem reports marked solved in the period (and not reopened since)."),
    records=problems_solved,
)
register(
    "participation.problems_median_days_to_solve",
    label=_("Median days to solve a problem"),
    definition=_(
        "Median of the days from report to solution of the problems solved in the period."
    ),
    unit=npgettext_lazy("report unit", "day", "days"),
    compute=median_days,
)
