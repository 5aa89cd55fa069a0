"""Reads of the participatory budget: cycles, phases, public projects, vote counts, the
voting cache, the dataset's rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext_lazy as _

from hromada.core import page_cache
from hromada.participation.budget.models import (
    PUBLIC_PROJECT_STATUSES,
    BudgetCycle,
    BudgetProject,
    BudgetVote,
    Milestone,
    ProjectPhoto,
    ProjectStatus,
)

#: A project's votes: its vote rows counted (online and counted paper ballots), on read,
#: through the index of the unique constraint (project, resident), so that voting writes no
#: shared counter row. Used as ``.annotate(votes=VOTES)``.
VOTES = Count("vote_set")


def with_votes(queryset: QuerySet[BudgetProject]) -> QuerySet[BudgetProject]:
    """Projects with ``votes`` (see VOTES)."""
    return queryset.annotate(votes=VOTES)


def vote_counts(projects: Iterable[BudgetProject]) -> Counter[int]:
    """Votes per project id (0 for a project without votes), in one query."""
    ids = [project.pk for project in projects]
    counted = (
        BudgetVote.objects.filter(project__in=ids)
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )
    return Counter(dict(counted))


def votes_last_cast() -> dt.datetime | None:
    """When the last vote was cast (the budget dataset's last change through votes)."""
    return BudgetVote.objects.aggregate(latest=Max("cast_at"))["latest"]


def project_rows() -> Iterator[dict[str, Any]]:
    projects = (
        BudgetProject.objects.filter(status__in=PUBLIC_PROJECT_STATUSES)
        .select_related("cycle", "category")
        .annotate(votes=VOTES)
        .order_by("cycle__year", "pk")
    )
    for project in projects:
        yield {
            "id": project.pk,
            "year": project.cycle.year,
            "title": project.title,
            "category": project.category.name,
            "district": project.district,
            "location": project.location,
            "cost": str(project.final_cost),
            "status": project.status,
            "votes": project.votes,
            "winner": project.status in (ProjectStatus.WINNER, ProjectStatus.IMPLEMENTED),
        }


PHASE_LABELS: dict[str, Any] = {
    "planned": _("Planned"),
    "submission": _("Submission of projects"),
    "review": _("Review of projects"),
    "voting": _("Voting"),
    "counting": _("Counting the votes"),
    "implementation": _("Results and implementation"),
}


def cycles() -> QuerySet[BudgetCycle]:
    return BudgetCycle.objects.order_by("-year")


def cycle_of(year: int) -> BudgetCycle | None:
    return cycles().filter(year=year).first()


@dataclass(frozen=True)
class VotingCycle:
    """A cycle with its projects open to votes (accepted), by id, with their categories.
    Shared between threads: read only."""

    cycle: Any
    projects: dict[int, BudgetProject]


def _read_voting_cycle(year: int) -> VotingCycle | None:
    cycle = cycle_of(year)
    if cycle is None:
        return None
    projects = BudgetProject.objects.filter(cycle=cycle, status=ProjectStatus.ACCEPTED)
    return VotingCycle(cycle=cycle, projects={p.pk: p for p in projects.select_related("category")})


# Votes come in peaks, and the cycle (phase dates, limits) and its accepted projects do not
# change during voting: each process keeps its reading while the shared "budget" generation is
# unchanged; a save of a cycle, category or project in any process bumps it (apps.py).
_voting = page_cache.SharedMemo("budget", _read_voting_cycle)


def voting_cycle(year: int) -> VotingCycle | None:
    """The cycle of ``year`` and its votable projects (two queries when the generation moved,
    none otherwise)."""
    return _voting.get(year)


def votable_projects(cycle: Any) -> dict[int, BudgetProject]:
    """The projects of ``cycle`` open to votes (see ``voting_cycle``)."""
    found = voting_cycle(cycle.year)
    if found is None or found.cycle.pk != cycle.pk:
        return {}
    return found.projects


def forget_voting(**_: Any) -> None:
    """Connected to the saves and deletions of cycles, categories and projects: this process at
    once, the others through the "budget" generation."""
    _voting.forget()
    page_cache.changed("budget")


def current_cycle(year: str = "") -> BudgetCycle | None:
    queryset = cycles()
    if year.isdigit():
        return queryset.filter(year=int(year)).first()
    return queryset.first()


def public_projects(cycle: Any) -> QuerySet[BudgetProject]:
    return (
        BudgetProject.objects.filter(cycle=cycle, status__in=PUBLIC_PROJECT_STATUSES)
        .select_related("category")
        .annotate(votes=VOTES)
        .order_by("category__name", "-votes", "title")
    )


def public_project(pk: int) -> BudgetProject | None:
    return (
        BudgetProject.objects.filter(status__in=PUBLIC_PROJECT_STATUSES)
        .annotate(votes=VOTES)
        .select_related("cycle", "category")
        .prefetch_related("photos", "milestones")
        .filter(pk=pk)
        .first()
    )


def public_project_photo(pk: int) -> ProjectPhoto | None:
    """A project photo anyone may see: its project is, right now, published."""
    return ProjectPhoto.objects.filter(pk=pk, project__status__in=PUBLIC_PROJECT_STATUSES).first()


def public_milestone(pk: int) -> Milestone | None:
    """A milestone whose photo anyone may see: its project is, right now, published."""
    return Milestone.objects.filter(pk=pk, project__status__in=PUBLIC_PROJECT_STATUSES).first()


def voted_for(cycle: Any, resident: Any) -> set[int]:
    return set(
        BudgetVote.objects.filter(cycle=cycle, resident=resident).values_list(
            "project_id", flat=True
        )
    )
