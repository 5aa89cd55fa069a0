"""Reads of the participation module (public lists, map points, datasets' rows)."""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, QuerySet

from hromada.participation.models import (
    PHOTOS_PUBLIC_STATUSES,
    PUBLIC_PETITION_STATUSES,
    PUBLIC_PROJECT_STATUSES,
    BudgetProject,
    BudgetVote,
    Milestone,
    Petition,
    PetitionStatus,
    ProblemPhoto,
    ProblemReport,
    ProblemStatus,
    ProjectPhoto,
    ProjectStatus,
    Signature,
)


def participation_settings() -> Any:
    """The site's ParticipationSettings (the charter's rules, form limits, the map centre)."""
    from hromada.core.selectors import default_site
    from hromada.participation.models import ParticipationSettings

    site = default_site()
    return ParticipationSettings.for_site(site) if site else ParticipationSettings()


#: A petition's signatures, counted from its rows through the index of the unique constraint
#: (petition, resident): there is no counter row. Used as ``.annotate(signature_count=…)``.
SIGNATURES = Count("signatures")


def with_signatures(queryset: QuerySet[Petition]) -> QuerySet[Petition]:
    """Petitions with ``signature_count`` (see SIGNATURES)."""
    return queryset.annotate(signature_count=SIGNATURES)  # type: ignore[no-redef]


def signatures_last_made() -> Any:
    """When the last signature was made (the petitions dataset's last change through them)."""
    return Signature.objects.aggregate(latest=Max("signed_at"))["latest"]


def public_petitions(*, status: str = "") -> QuerySet[Petition]:
    queryset = with_signatures(Petition.objects.filter(status__in=PUBLIC_PETITION_STATUSES))
    if status in PUBLIC_PETITION_STATUSES:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-published_on", "-pk")


def public_petition_statuses() -> list[tuple[str, str]]:
    return [(str(s.value), str(s.label)) for s in PUBLIC_PETITION_STATUSES]


def public_petition(pk: int) -> Petition | None:
    return public_petitions().filter(pk=pk).first()


def public_problems(*, status: str = "") -> QuerySet[ProblemReport]:
    queryset = ProblemReport.objects.select_related("category").prefetch_related("photos")
    if status in ProblemStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


def problem_statuses() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in ProblemStatus.choices]


def public_problem(pk: int) -> ProblemReport | None:
    return public_problems().filter(pk=pk).first()


def public_problem_photo(pk: int) -> ProblemPhoto | None:
    """A photo anyone may see: its report is, right now, in a status that shows photos."""
    return ProblemPhoto.objects.filter(pk=pk, report__status__in=PHOTOS_PUBLIC_STATUSES).first()


def map_points(reports: Iterable[ProblemReport]) -> list[dict[str, Any]]:
    """Points for the plain SVG map: the reports that have coordinates, scaled to 0..100."""
    located = [r for r in reports if r.latitude is not None and r.longitude is not None]
    if not located:
        return []
    lats = [float(r.latitude) for r in located]  # type: ignore[arg-type]
    lons = [float(r.longitude) for r in located]  # type: ignore[arg-type]
    lat_span = (max(lats) - min(lats)) or 1.0
    lon_span = (max(lons) - min(lons)) or 1.0
    return [
        {
            "report": report,
            "x": round(5 + 90 * (lon - min(lons)) / lon_span, 2),
            "y": round(5 + 90 * (max(lats) - lat) / lat_span, 2),
        }
        for report, lat, lon in zip(located, lats, lons, strict=True)
    ]


def days_to_solve(report: ProblemReport) -> float | None:
    if report.solved_at is None:
        return None
    return (report.solved_at - report.created_at).total_seconds() / 86400


def median_days_to_solve(reports: Iterable[ProblemReport]) -> int:
    days = [d for d in (days_to_solve(r) for r in reports) if d is not None]
    return round(statistics.median(days)) if days else 0


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat()


def petition_rows() -> Iterator[dict[str, Any]]:
    for petition in public_petitions():
        yield {
            "id": petition.pk,
            "title": petition.title,
            "status": petition.status,
            "published_on": _date(petition.published_on),
            "collection_ends_on": _date(petition.collection_ends_on),
            "threshold": petition.threshold,
            "signatures": petition.signature_count,
            "reached_on": _date(petition.reached_on),
            "answered_on": _date(petition.answered_on),
            "answer": petition.answer,
        }


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


def votes_last_cast() -> Any:
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


def problem_rows() -> Iterator[dict[str, Any]]:
    """Anonymized: no reporter, no free-text description (it may name people)."""
    for report in public_problems():
        yield {
            "id": report.pk,
            "category": report.category.name,
            "responsible": report.responsible,
            "address": report.address,
            "latitude": "" if report.latitude is None else str(report.latitude),
            "longitude": "" if report.longitude is None else str(report.longitude),
            "status": report.status,
            "reported_on": _date(report.created_at),
            "solved_on": _date(report.solved_at),
        }


def petitions_reached_threshold() -> QuerySet[Petition]:
    return Petition.objects.filter(reached_on__isnull=False)


def petitions_in_consideration() -> QuerySet[Petition]:
    return Petition.objects.filter(status=PetitionStatus.CONSIDERATION)


# --- Consultations -----------------------------------------------------------------------


def drafts_open_for_comments(today: dt.date | None = None) -> QuerySet[Any]:
    from django.db.models import Q
    from django.utils import timezone

    from hromada.acts.models import Act

    today = today or timezone.localdate()
    return (
        Act.objects.filter(status="draft", published_on__isnull=False, published_on__lte=today)
        .filter(Q(consideration_date__isnull=True) | Q(consideration_date__gt=today))
        .order_by("consideration_date", "pk")
    )


def consultation_draft(pk: int) -> Any:
    """A draft that is or was open for comments (published), or None."""
    from hromada.acts.models import Act

    return Act.objects.filter(
        pk=pk, status__in=["draft", "rejected"], published_on__isnull=False
    ).first()


def published_comments(act: Any) -> QuerySet[Any]:
    from hromada.participation.models import CommentStatus, DraftComment

    return DraftComment.objects.filter(act=act, status=CommentStatus.PUBLISHED)


def summary_of(act: Any) -> Any:
    from hromada.participation.models import ConsultationSummary

    return ConsultationSummary.objects.filter(act=act).first()


def published_summaries() -> QuerySet[Any]:
    from hromada.participation.models import ConsultationSummary

    return ConsultationSummary.objects.select_related("act").order_by("-published_at")


# --- Participatory budget ----------------------------------------------------------------

PHASE_LABELS: dict[str, Any] = {}


def _phase_labels() -> dict[str, Any]:
    from django.utils.translation import gettext_lazy as _

    return {
        "planned": _("Planned"),
        "submission": _("Submission of projects"),
        "review": _("Review of projects"),
        "voting": _("Voting"),
        "counting": _("Counting the votes"),
        "implementation": _("Results and implementation"),
    }


PHASE_LABELS.update(_phase_labels())


def cycles() -> QuerySet[Any]:
    from hromada.participation.models import BudgetCycle

    return BudgetCycle.objects.order_by("-year")


def cycle_of(year: int) -> Any:
    return cycles().filter(year=year).first()


#: How long a worker process trusts its reading of a cycle and its projects for voting. Votes
#: come in peaks, and the cycle (phase dates, limits) and its accepted projects do not change
#: during voting; an edit in this process is seen at once (`forget_voting`, on save), in the
#: other workers within these seconds.
VOTING_CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class VotingCycle:
    """A cycle with its projects open to votes (accepted), by id, with their categories.
    Shared between threads: read only."""

    cycle: Any
    projects: dict[int, BudgetProject]


# year → (monotonic time read, VotingCycle or None); replaced whole, so threads never see half.
_voting: dict[int, tuple[float, VotingCycle | None]] = {}


def voting_cycle(year: int) -> VotingCycle | None:
    """The cycle of ``year`` and its votable projects, read at most every VOTING_CACHE_SECONDS
    per process (two queries then, none in between)."""
    now = time.monotonic()
    cached = _voting.get(year)
    if cached is not None and now - cached[0] < VOTING_CACHE_SECONDS:
        return cached[1]
    cycle = cycle_of(year)
    found = None
    if cycle is not None:
        projects = BudgetProject.objects.filter(
            cycle=cycle, status=ProjectStatus.ACCEPTED
        ).select_related("category")
        found = VotingCycle(cycle=cycle, projects={p.pk: p for p in projects})
    _voting[year] = (now, found)
    return found


def votable_projects(cycle: Any) -> dict[int, BudgetProject]:
    """The projects of ``cycle`` open to votes (see ``voting_cycle``)."""
    found = voting_cycle(cycle.year)
    if found is None or found.cycle.pk != cycle.pk:
        return {}
    return found.projects


def forget_voting(**_: Any) -> None:
    """Connected to the saves and deletions of cycles, categories and projects."""
    _voting.clear()


def current_cycle(year: str = "") -> Any:
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
    from hromada.participation.models import BudgetVote

    return set(
        BudgetVote.objects.filter(cycle=cycle, resident=resident).values_list(
            "project_id", flat=True
        )
    )
