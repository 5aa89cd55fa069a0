"""Monitoring's report figures; the keys are fixed by the metric contract (docs/architecture.md).

Information notes are counted by the activities module (`activities.weekly_note`,
`activities.daily_note`) through `selectors.notes`, so each figure has one source.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext_lazy

from hromada.core.metrics import Period, register
from hromada.monitoring import selectors


def relevant_items(period: Period) -> QuerySet[Any]:
    return selectors.relevant_items(period)


def stories(period: Period) -> int:
    items = selectors.relevant_items(period)
    grouped = items.filter(story__isnull=False).values("story_id").distinct().count()
    return grouped + items.filter(story__isnull=True).count()


def items_citing_official(period: Period) -> QuerySet[Any]:
    return selectors.relevant_items(period).filter(cites_official=True)


def reviews(period: Period) -> QuerySet[Any]:
    return selectors.reviews(period)


def items_in_reviews(period: Period) -> QuerySet[Any]:
    return selectors.review_entries(period)


def review_items_citing_official(period: Period) -> QuerySet[Any]:
    return selectors.review_entries(period).filter(item__cites_official=True)


register(
    "monitoring.relevant_items",
    label=_("News items mentioning the city"),
    unit=npgettext_lazy("report unit", "article", "articles"),
    definition=_(
        "Items published in the period that mention the city, except those staff marked "
        "not relevant."
    ),
    records=relevant_items,
)
register(
    "monitoring.stories",
    label=_("Distinct stories among them"),
    unit=npgettext_lazy("report unit", "story", "stories"),
    definition=_("Those items with reprints counted once (near-duplicates within 14 days)."),
    compute=stories,
)
register(
    "monitoring.items_citing_official",
    label=_("Items citing the office or the official site"),
    unit=npgettext_lazy("report unit", "article", "articles"),
    definition=_(
        "Those items that link to an official domain or name the office or the official site."
    ),
    records=items_citing_official,
)
register(
    "monitoring.reviews",
    label=_("Thematic reviews prepared"),
    unit=npgettext_lazy("report unit", "review", "reviews"),
    definition=_("Reviews whose preparation date is in the period."),
    records=reviews,
)
register(
    "monitoring.items_in_reviews",
    label=_("News items used in the reviews"),
    unit=npgettext_lazy("report unit", "article", "articles"),
    definition=_("Items in the reviews prepared in the period, each time it is used."),
    records=items_in_reviews,
)
register(
    "monitoring.review_items_citing_official",
    label=_("Of them, citing the office or the official site"),
    unit=npgettext_lazy("report unit", "article", "articles"),
    definition=_(
        "Items in the period's reviews that link to an official domain or name the office "
        "or the official site."
    ),
    records=review_items_citing_official,
)
