"""Reads of portal content for templates, feeds and metrics."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page
from wagtail.query import PageQuerySet

from hromada.core import page_cache
from hromada.portal.models import EventPage, HomePage, NewsPage, SectionPage


@dataclass(frozen=True)
class NewsFilters:
    category: str = ""
    tag: str = ""
    year: int | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> NewsFilters:
        raw_year = (query.get("year") or "").strip()
        year = int(raw_year) if raw_year.isdigit() and 1990 < int(raw_year) < 2200 else None
        return cls(
            category=(query.get("category") or "").strip()[:100],
            tag=(query.get("tag") or "").strip()[:100],
            year=year,
        )

    def as_query(self) -> str:
        pairs = {"category": self.category, "tag": self.tag, "year": self.year or ""}
        return urlencode({k: v for k, v in pairs.items() if v})

    @property
    def active(self) -> bool:
        return bool(self.category or self.tag or self.year)


def published_news() -> PageQuerySet:
    page_cache.shows("news")
    return NewsPage.objects.live().public()


def latest_news(*, limit: int = 6) -> QuerySet[NewsPage]:
    return published_news().select_related("lead_image", "category").order_by("-date")[:limit]


def news_list(*, index_page: Page, filters: NewsFilters) -> QuerySet[NewsPage]:
    news = published_news().child_of(index_page).select_related("lead_image", "category")
    if filters.category:
        news = news.filter(category__slug=filters.category)
    if filters.tag:
        news = news.filter(tags__name=filters.tag)
    if filters.year:
        news = news.filter(date__year=filters.year)
    return news.order_by("-date").distinct()


def news_years(*, index_page: Page) -> list[int]:
    dates = published_news().child_of(index_page).dates("date", "year", order="DESC")
    return [d.year for d in dates]


def upcoming_events(*, index_page: Page | None = None, limit: int = 4) -> QuerySet[EventPage]:
    page_cache.shows("events")
    events = EventPage.objects.live().public().filter(start__gte=timezone.now())
    if index_page is not None:
        events = events.child_of(index_page)
    return events.order_by("start")[:limit]


def upcoming_distinct_events(*, limit: int = 4) -> list[EventPage]:
    """The next events with each title once (the nearest date): a yearly event announced for
    several years ahead does not fill the home page's list with itself."""
    seen: set[str] = set()
    found: list[EventPage] = []
    for event in upcoming_events(limit=limit * 10):
        key = " ".join(event.title.lower().split())
        if key not in seen:
            seen.add(key)
            found.append(event)
        if len(found) == limit:
            break
    return found


def past_events(*, index_page: Page, limit: int = 30) -> QuerySet[EventPage]:
    page_cache.shows("events")
    return (
        EventPage.objects.live()
        .public()
        .child_of(index_page)
        .filter(start__lt=timezone.now())
        .order_by("-start")[:limit]
    )


def menu_sections(home: HomePage) -> QuerySet[Page]:
    return home.get_children().live().public().in_menu().specific()


def sections() -> QuerySet[SectionPage]:
    return SectionPage.objects.live()


def public_documents() -> Any:  # a searchable QuerySet of the document model
    """Documents outside any collection with a view restriction (nor under one)."""
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    restricted_ids: set[int] = set()
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    )
    for collection in restricted:
        restricted_ids.update(
            Collection.objects.filter(path__startswith=collection.path).values_list("pk", flat=True)
        )
    return get_document_model().objects.exclude(collection_id__in=restricted_ids)
