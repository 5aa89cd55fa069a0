"""A calendar event's share card and schema.org Event (registered with core/share.py in
ActivitiesConfig.ready)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest

from hromada.core import share


def _when(day: dt.date, time: dt.time | None) -> str:
    return dt.datetime.combine(day, time).isoformat() if time else day.isoformat()


def event_card(request: HttpRequest, event: Any, card: share.Card) -> None:
    from hromada.activities.models import Event

    if not isinstance(event, Event):
        return  # another module's "event" in the context
    card.title = event.title
    card.url = share.absolute(request, request.path)
    card.description = share.plain(event.description) or event.title
    card.crumbs.append((event.title, card.url))
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": _when(event.start_date, event.start_time),
        "eventStatus": "https://schema.org/EventScheduled",
        "url": card.url,
        "description": card.description,
    }
    if event.end_date or event.end_time:
        data["endDate"] = _when(event.end_date or event.start_date, event.end_time)
    if event.online and event.online_url:
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        data["location"] = {"@type": "VirtualLocation", "url": event.online_url}
    else:
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        place = event.place or share.plain(getattr(event, "place_display", ""))
        if place:
            data["location"] = {"@type": "Place", "name": place, "address": place}
    if event.organizers:
        data["organizer"] = {"@type": "Organization", "name": event.organizers}
    card.structured.append(data)


def register() -> None:
    share.register_context("event", event_card)
