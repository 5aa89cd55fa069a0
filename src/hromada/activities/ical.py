"""iCalendar (RFC 5545) output of the public calendar, written with the `icalendar` package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from hromada.activities.models import Event

PRODID = "-//Hromada//City calendar//UK"


def _uid(event: Event, domain: str) -> str:
    return f"event-{event.pk}@{domain or 'hromada.local'}"


def vevent(
    event: Event, *, domain: str, url: str = "", stamp: dt.datetime | None = None
) -> icalendar.Event:
    """One VEVENT: an all-day event over its days, or a timed one when its time is known."""
    component = icalendar.Event()
    component.add("uid", _uid(event, domain))
    component.add("dtstamp", stamp or timezone.now())
    component.add("summary", event.title)
    zone = ZoneInfo(settings.TIME_ZONE)
    if event.start_time:
        start = dt.datetime.combine(event.start_date, event.start_time, tzinfo=zone)
        if event.end_time:
            end = dt.datetime.combine(event.last_date, event.end_time, tzinfo=zone)
        else:
            end = dt.datetime.combine(
                event.last_date, event.start_time, tzinfo=zone
            ) + dt.timedelta(hours=1)
        component.add("dtstart", start)
        component.add("dtend", end)
    else:
        component.add("dtstart", event.start_date)
        # DTEND of an all-day event is exclusive: the day after its last day.
        component.add("dtend", event.last_date + dt.timedelta(days=1))
    if event.place_display:
        component.add("location", event.place_display)
    description = event.description or ""
    if event.organizers:
        description = (description + "\n\n" if description else "") + event.organizers
    if description:
        component.add("description", description)
    if url:
        component.add("url", url)
    component.add("last-modified", event.updated_at)
    return component


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    domain: str,
    url_for: Callable[[Event], str] | None = None,
) -> bytes:
    """A VCALENDAR with one VEVENT per event, as bytes ready to serve as text/calendar."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for event in events:
        cal.add_component(
            vevent(event, domain=domain, url=url_for(event) if url_for else "", stamp=stamp)
        )
    return bytes(cal.to_ical())
