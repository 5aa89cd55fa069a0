"""The city's events calendar as a live open dataset (the public events only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hromada.activities import selectors
from hromada.core.datasets import DatasetColumn, LiveDataset, Watch, register


def rows() -> Iterator[dict[str, Any]]:
    return selectors.event_rows(selectors.public_events().iterator(chunk_size=500))


def last_modified() -> Any:
    return selectors.public_events().aggregate(latest=Max("updated_at"))["latest"]


COLUMN_TITLES: dict[str, tuple[str | Promise, str | Promise]] = {
    "id": (_("Identifier"), ""),
    "kind": (_("Kind"), _("organized, attended, meeting, training")),
    "title": (_("Title"), ""),
    "start_date": (_("Start date"), ""),
    "end_date": (_("End date"), ""),
    "start_time": (_("Start time"), ""),
    "end_time": (_("End time"), ""),
    "place": (_("Place"), ""),
    "online": (_("Online"), ""),
    "organizers": (_("Organizers"), ""),
    "partners": (_("Partners"), ""),
    "description": (_("Description"), ""),
    "url": (_("Link"), ""),
}
COLUMNS = tuple(DatasetColumn(name, *COLUMN_TITLES[name]) for name in selectors.EVENT_COLUMNS)

EVENTS_CALENDAR = register(
    LiveDataset(
        slug="events-calendar",
        title=_("Calendar of city events"),
        description=_(
            "Public events organized by the city council's office and its partners: dates, "
            "times, places and organizers."
        ),
        module="activities",
        watches=(
            Watch(
                "activities.Event",
                rows=selectors.public_events,
                fields=tuple(c for c in selectors.EVENT_COLUMNS if c not in ("id", "url")),
            ),
        ),
        columns=COLUMNS,
        rows=rows,
        keywords=("календар подій", "заходи", "анонси"),
        last_modified=last_modified,
    )
)
