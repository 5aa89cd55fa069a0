"""Reads of monitoring records that other modules (reports, activities) may use."""

from __future__ import annotations

from django.db.models import QuerySet

from hromada.core.metrics import Period
from hromada.monitoring.models import (
    InformationNote,
    MediaItem,
    Outlet,
    Relevance,
    Review,
    ReviewEntry,
)


def relevant_items(period: Period) -> QuerySet[MediaItem]:
    """Items published in the period that mention the city and staff did not reject."""
    start, end = period.bounds()
    return (
        MediaItem.objects.filter(mentions_city=True, published_at__gte=start, published_at__lt=end)
        .exclude(status=Relevance.NOT_RELEVANT)
        .order_by("published_at")
    )


def inbox() -> QuerySet[MediaItem]:
    """New items that mention the city, waiting for staff's judgement."""
    return MediaItem.objects.filter(status=Relevance.NEW, mentions_city=True)


def reviews(period: Period) -> QuerySet[Review]:
    return Review.objects.filter(prepared_on__gte=period.start, prepared_on__lte=period.end)


def review_entries(period: Period) -> QuerySet[ReviewEntry]:
    return ReviewEntry.objects.filter(
        review__prepared_on__gte=period.start, review__prepared_on__lte=period.end
    )


def notes(period: Period, kind: str) -> QuerySet[InformationNote]:
    """Information notes of a kind (`weekly_note`, `daily_note`) prepared in the period:
    the activities module counts them as activities of the same kind."""
    return InformationNote.objects.filter(
        kind=kind, prepared_on__gte=period.start, prepared_on__lte=period.end
    )


def unhealthy_outlets() -> QuerySet[Outlet]:
    """Active outlets paused after failures, or failing now."""
    return Outlet.objects.filter(is_active=True).filter(
        paused_at__isnull=False
    ) | Outlet.objects.filter(is_active=True, consecutive_failures__gt=0)
