"""The public calendar's views (routes of `models.CityCalendarPage`)."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from hromada.activities import ical, selectors
from hromada.activities.models import Event

MONTH_NAMES = (
    "",
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)


def _valid_month(year: int, month: int) -> None:
    if not 1 <= month <= 12 or not 1991 <= year <= timezone.localdate().year + 10:
        raise Http404


def month_grid(year: int, month: int, events: list[Event], occurrences: list[Any]) -> list[Any]:
    """Weeks (Monday first) of days: {"date", "in_month", "events", "observances"}."""
    by_day: dict[dt.date, list[Event]] = defaultdict(list)
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    for event in events:
        day = max(event.start_date, first)
        while day <= min(event.last_date, last):
            by_day[day].append(event)
            day += dt.timedelta(days=1)
    observed: dict[dt.date, list[Any]] = defaultdict(list)
    for occurrence in occurrences:
        observed[occurrence.date].append(occurrence.observance)
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "events": by_day.get(day, []),
                    "observances": observed.get(day, []),
                }
                for day in week
            ]
        )
    return weeks


def _site_domain(request: HttpRequest) -> str:
    return request.get_host().split(":")[0]


def month_view(
    page: Any, request: HttpRequest, *, year: int | None = None, month: int | None = None
) -> HttpResponse:
    today = timezone.localdate()
    year = year or today.year
    month = month or today.month
    _valid_month(year, month)
    first = dt.date(year, month, 1)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    events = list(selectors.events_overlapping(first, last, public_only=True))
    occurrences = selectors.occurrences_between(first, last) if page.show_observances else []
    previous = first - dt.timedelta(days=1)
    following = last + dt.timedelta(days=1)
    weekdays = [date_format(dt.date(2024, 1, day), "D") for day in range(1, 8)]
    return page.render(
        request,
        context_overrides={
            "year": year,
            "month": month,
            "month_name": MONTH_NAMES[month],
            "weeks": month_grid(year, month, events, occurrences),
            "weekdays": weekdays,
            "month_events": events,
            "occurrences": occurrences,
            "previous_url": page.month_url(previous.year, previous.month),
            "previous_label": f"{MONTH_NAMES[previous.month]} {previous.year}",
            "next_url": page.month_url(following.year, following.month),
            "next_label": f"{MONTH_NAMES[following.month]} {following.year}",
            "feed_url": page.url + page.reverse_subpage("feed"),
            "today": today,
        },
    )


def event(page: Any, request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_event(pk)
    if found is None:
        raise Http404
    return TemplateResponse(
        request,
        "activities/calendar_event.html",
        {
            **page.get_context(request),
            "event": found,
            "ics_url": page.event_ics_url(found),
            "month_url": page.month_url(found.start_date.year, found.start_date.month),
        },
    )


def _ics_response(payload: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(payload, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def feed(page: Any, request: HttpRequest) -> HttpResponse:
    since = timezone.localdate() - dt.timedelta(days=366)
    events = selectors.public_events().filter(start_date__gte=since)
    payload = ical.calendar(
        events,
        name=page.title,
        domain=_site_domain(request),
        url_for=lambda e: request.build_absolute_uri(page.event_url(e)),
    )
    return _ics_response(payload, "calendar.ics")


def event_ics(page: Any, request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.public_event(pk)
    if found is None:
        raise Http404
    payload = ical.calendar(
        [found],
        name=found.title,
        domain=_site_domain(request),
        url_for=lambda e: request.build_absolute_uri(page.event_url(e)),
    )
    return _ics_response(payload, f"event-{found.pk}.ics")
