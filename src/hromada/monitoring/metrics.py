"""Monitoring's report figures; the keys are fixed by DESIGN.md.

Information notes are counted by the activities module (`activities.weekly_note`,
`activities.daily_note`) through `selectors.notes`, so each figure has one source.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hromada.core.metrics import Period, register
from hromada.monitoring import selectors


def relevant_items(period: Period) -> int:
    return selectors.relevant_items(period).count()


def stories(period: Period) -> int:
    items = selectors.relevant_items(period)
    grouped = items.filter(story__isnull=False).values("story_id").distinct().count()
    return grouped + items.filter(story__isnull=True).count()


def items_citing_official(period: Period) -> int:
    return selectors.relevant_items(period).filter(cites_official=True).count()


def reviews(period: Period) -> int:
    return selectors.reviews(period).count()


def items_in_reviews(period: Period) -> int:
    return selectors.review_entries(period).count()


def review_items_citing_official(period: Period) -> int:
    return selectors.review_entries(period).filter(item__cites_official=True).count()


register(
    "monitoring.relevant_items",
    label=_("News items mentioning the city"),
    unit=_("items"),
    definition=_(
        "Items published in the period that mention the city, except those staff marked "
        "not relevant."
    ),
    compute=relevant_items,
)
register(
    "monitoring.stories",
    label=_("Distinct stories among them"),
    unit=_("stories"),
    definition=_("Those items with reprints counted once (near-duplicates within 14 days)."),
    compute=stories,
)
register(
    "monitoring.items_citing_official",
    label=_("Items citing the office or the official site"),
    unit=_("items"),
    definition=_(
        "Those items that link to an official domain or name the office or the official site."
    ),
    compute=items_citing_official,
)
register(
    "monitoring.reviews",
    label=_("Thematic reviews prepared"),
    unit=_("reviews"),
    definition=_("Reviews whose preparation date is in the period."),
    compute=reviews,
)
register(
    "monitoring.items_in_reviews",
    label=_("News items used in the reviews"),
    unit=_("items"),
    definition=_("Items in the reviews prepared in the period, each time it is used."),
    compute=items_in_reviews,
)
register(
    "monitoring.review_items_citing_official",
    label=_("Of them, citing the office or the official site"),
    unit=_("items"),
    definition=_(
        "Items in the period's reviews that link to an official domain or name the office "
        "or the official site."
    ),
    compute=review_items_citing_official,
)
