"""Reads of problem reports: public lists, photos, map points, the dataset's rows."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hromada.correspondence.models import Document, Source
from hromada.correspondence.selectors import Origin
from hromada.participation.problems.models import (
    PHOTOS_PUBLIC_STATUSES,
    Moderation,
    ProblemPhoto,
    ProblemReport,
    ProblemStatus,
)
from hromada.participation.shared.selectors import iso_date


def public_problems(*, status: str = "") -> QuerySet[ProblemReport]:
    """Reports whose text a moderator has published (list, map, dataset, detail page)."""
    queryset = (
        ProblemReport.objects.filter(moderation=Moderation.PUBLISHED)
        .select_related("category", "duplicate_of")
        .prefetch_related("photos")
    )
    if status in ProblemStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


def problem_statuses() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in ProblemStatus.choices]


def public_problem(pk: int) -> ProblemReport | None:
    return public_problems().filter(pk=pk).first()


def visible_problem(pk: int, *, resident_id: int | None) -> ProblemReport | None:
    """The report's page: public once published; before that (or once refused or hidden) only
    its reporter sees it, with the moderator's reason."""
    report = (
        ProblemReport.objects.select_related("category", "duplicate_of")
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        return None
    if report.is_public or (resident_id is not None and report.reporter_id == resident_id):
        return report
    return None


def public_problem_photo(pk: int) -> ProblemPhoto | None:
    """A photo anyone may see: its report is, right now, in a status that shows photos."""
    return ProblemPhoto.objects.filter(
        pk=pk,
        report__status__in=PHOTOS_PUBLIC_STATUSES,
        report__moderation=Moderation.PUBLISHED,
    ).first()


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
            "reported_on": iso_date(report.created_at),
            "solved_on": iso_date(report.solved_at),
        }


def appeal_origins(document: Document) -> list[Origin]:
    """The problem reports a journal entry was registered from (the journal's case page links
    them; registered with `correspondence.selectors.register_origin`)."""
    if document.source != Source.PROBLEM:
        return []
    return [
        Origin(
            label=_("Problem report No. %(number)s") % {"number": report.pk},
            admin_url=reverse("participation_problems:edit", args=[report.pk]),
        )
        for report in ProblemReport.objects.filter(appeals=document).order_by("pk")
    ]
