"""Reads of the activity journal. Other modules (reports) use these; monitoring reads the
period's civic actions through core.civic_actions, where the journal registers them.

Every count excludes archived records. Periods are closed date ranges [start, end].
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from hromada.activities.models import (
    EVENT_ACTIVITY_KIND,
    Activity,
    ActivityKind,
    CivicAction,
    Commission,
    CommissionMembership,
    CoverageRequest,
    Event,
    EventKind,
    Observance,
    SocialAccount,
    SocialMediaFigure,
    Text,
    TextKind,
    TextPublication,
)
from hromada.core import civic_actions as core_civic_actions
from hromada.core.metrics import Period
from hromada.monitoring import selectors as monitoring

# --- Events ----------------------------------------------------------------------------------


def events(*, kind: str | None = None) -> QuerySet[Event]:
    queryset = Event.objects.filter(archived=False)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def events_starting_between(
    start: dt.date, end: dt.date, *, kind: str | None = None
) -> QuerySet[Event]:
    """Events (of `kind`) that start within [start, end], in date order."""
    return (
        events(kind=kind)
        .filter(start_date__gte=start, start_date__lte=end)
        .order_by("start_date", "title")
    )


def events_overlapping(
    start: dt.date, end: dt.date, *, public_only: bool = False
) -> QuerySet[Event]:
    """Events that take place on at least one day of [start, end] (for calendars)."""
    queryset = (
        events()
        .filter(start_date__lte=end)
        .filter(Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start))
    )
    if public_only:
        queryset = queryset.filter(is_public=True)
    return queryset.order_by("start_date", "start_time", "title")


def events_organized(start: dt.date, end: dt.date) -> QuerySet[Event]:
    """For the report: events the office organized that started in the period, with dates,
    place, organizers and partners (fields of `Event`), in date order."""
    return events_starting_between(start, end, kind=EventKind.ORGANIZED)


def trainings(start: dt.date, end: dt.date) -> QuerySet[Event]:
    """For the report: trainings and seminars that started in the period; each has
    `dates_display`, `title`, `place_display`, `online`, `organizers`, `partners`."""
    return events_starting_between(start, end, kind=EventKind.TRAINING)


def events_attended(start: dt.date, end: dt.date) -> QuerySet[Event]:
    return events_starting_between(start, end, kind=EventKind.ATTENDED)


def meetings_attended(start: dt.date, end: dt.date) -> QuerySet[Event]:
    return events_starting_between(start, end, kind=EventKind.MEETING)


def public_events() -> QuerySet[Event]:
    return events().filter(is_public=True).order_by("start_date", "start_time", "title")


def public_event(pk: int) -> Event | None:
    return public_events().filter(pk=pk).first()


# --- Commissions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CommissionRow:
    commission: Commission
    members: list[CommissionMembership]


def commissions(start: dt.date, end: dt.date) -> list[CommissionRow]:
    """For the report: commissions, working groups and councils with at least one staff
    membership overlapping [start, end], each with those memberships (name, role, dates)."""
    memberships = (
        CommissionMembership.objects.filter(commission__archived=False, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("commission", "commission__act", "member")
        .order_by("commission__name", "sort_order", "pk")
    )
    rows: dict[int, CommissionRow] = {}
    for membership in memberships:
        row = rows.get(membership.commission_id)
        if row is None:
            row = rows[membership.commission_id] = CommissionRow(membership.commission, [])
        row.members.append(membership)
    return sorted(rows.values(), key=lambda row: row.commission.pk)


# --- Civic actions, texts, coverage --------------------------------------------------------


def civic_actions(start: dt.date, end: dt.date) -> QuerySet[CivicAction]:
    return (
        CivicAction.objects.filter(archived=False, date__gte=start, date__lte=end)
        .prefetch_related("organizations")
        .order_by("date")
    )


def civic_action_entries(start: dt.date, end: dt.date) -> list[core_civic_actions.CivicAction]:
    """The period's civic actions as the information notes show them (registered with
    core.civic_actions in AppConfig.ready: monitoring reads them there, not from here)."""
    return [
        core_civic_actions.CivicAction(
            date=action.date,
            kind=str(action.get_kind_display()),
            place=action.place,
            organizers=action.organizers_display,
            subject=action.subject,
            participants=action.participants,
            demands=action.demands,
            outcome=action.outcome,
        )
        for action in civic_actions(start, end)
    ]


def texts(start: dt.date, end: dt.date, *, kind: str) -> QuerySet[Text]:
    """Texts (not templates) of `kind` dated within the period."""
    return Text.objects.filter(
        archived=False, is_template=False, kind=kind, date__gte=start, date__lte=end
    ).order_by("date", "title")


def greetings_published(start: dt.date, end: dt.date) -> QuerySet[Text]:
    """Greetings with a publication dated within the period (each counted once)."""
    ids = TextPublication.objects.filter(
        date__gte=start,
        date__lte=end,
        text__kind=TextKind.GREETING,
        text__archived=False,
        text__is_template=False,
    ).values("text_id")
    return Text.objects.filter(pk__in=ids).order_by("date", "title")


def templates(*, kind: str | None = None) -> QuerySet[Text]:
    queryset = Text.objects.filter(is_template=True, archived=False)
    return queryset.filter(kind=kind) if kind else queryset


def coverage_requests(start: dt.date, end: dt.date) -> QuerySet[CoverageRequest]:
    return CoverageRequest.objects.filter(archived=False, date__gte=start, date__lte=end)


def coverage_by_outlet(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Coverage requests in the period per outlet: [{"outlet": name, "count": n}]."""
    return [
        {"outlet": row["outlet__name"], "count": row["count"]}
        for row in coverage_requests(start, end)
        .values("outlet__name")
        .annotate(count=Count("id"))
        .order_by("-count", "outlet__name")
    ]


# --- Generic activities and the per-kind counts --------------------------------------------


def activity_records(start: dt.date, end: dt.date, *, kind: str) -> QuerySet[Activity]:
    return Activity.objects.filter(archived=False, kind=kind, date__gte=start, date__lte=end)


def activity_record_sets(kind: str, start: dt.date, end: dt.date) -> list[QuerySet[Any]]:
    """The rows the figure `activities.<kind>` counts: the generic records of the kind plus the
    records of the kind's own model. Each activity lives in exactly one of them."""
    sets: list[QuerySet[Any]] = [activity_records(start, end, kind=kind)]
    event_kinds = {v.value: k for k, v in EVENT_ACTIVITY_KIND.items()}
    if kind in event_kinds:
        sets.append(events_starting_between(start, end, kind=event_kinds[kind]))
    elif kind in (TextKind.SCENARIO_PLAN, TextKind.SPEECH, TextKind.GREETING):
        sets.append(texts(start, end, kind=kind))
    elif kind == ActivityKind.GREETING_PUBLISHED:
        sets.append(greetings_published(start, end))
    elif kind == ActivityKind.COVERAGE_REQUEST:
        sets.append(coverage_requests(start, end))
    elif kind == ActivityKind.CIVIC_ACTION:
        sets.append(civic_actions(start, end))
    elif kind in (ActivityKind.WEEKLY_NOTE, ActivityKind.DAILY_NOTE):
        # The notes the monitoring module drafts and staff edit there are activities too:
        # counted where they are kept, never copied into the journal.
        sets.append(monitoring.notes(Period(start, end), kind))
    return sets


def count_activities(kind: str, start: dt.date, end: dt.date) -> int:
    """The figure `activities.<kind>` (see `activity_record_sets`)."""
    return sum(queryset.count() for queryset in activity_record_sets(kind, start, end))


def followers_on(day: dt.date) -> int:
    """Followers of all active accounts on `day`: each account's latest count on or before it."""
    total = 0
    for account in SocialAccount.objects.filter(is_active=True):
        latest = (
            SocialMediaFigure.objects.filter(account=account, date__lte=day)
            .order_by("-date")
            .values_list("followers", flat=True)
            .first()
        )
        total += latest or 0
    return total


# --- Observances ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    observance: Observance
    date: dt.date


def occurrences_between(start: dt.date, end: dt.date) -> list[Occurrence]:
    """Active observances falling within [start, end], in date order."""
    found: list[Occurrence] = []
    for observance in Observance.objects.filter(is_active=True):
        for year in range(start.year, end.year + 1):
            day = observance.date_in(year)
            if day is not None and start <= day <= end:
                found.append(Occurrence(observance, day))
    return sorted(found, key=lambda o: (o.date, o.observance.name))


def due_reminders(today: dt.date) -> list[Occurrence]:
    """Occurrences whose reminder falls due today (remind_days_before days ahead)."""
    due: list[Occurrence] = []
    for observance in Observance.objects.filter(is_active=True, remind_days_before__gt=0):
        target = today + dt.timedelta(days=observance.remind_days_before)
        day = observance.date_in(target.year)
        if day == target:
            due.append(Occurrence(observance, day))
    return sorted(due, key=lambda o: (o.date, o.observance.name))


# --- Exports -------------------------------------------------------------------------------

EVENT_COLUMNS = (
    "id",
    "kind",
    "title",
    "start_date",
    "end_date",
    "start_time",
    "end_time",
    "place",
    "online",
    "organizers",
    "partners",
    "description",
    "url",
)


def event_rows(queryset: Any, *, url_for: Any = None) -> Iterator[dict[str, Any]]:
    for event in queryset:
        yield {
            "id": event.pk,
            "kind": event.kind,
            "title": event.title,
            "start_date": event.start_date,
            "end_date": event.end_date or event.start_date,
            "start_time": event.start_time,
            "end_time": event.end_time,
            "place": event.place,
            "online": event.online,
            "organizers": event.organizers,
            "partners": event.partners,
            "description": event.description,
            "url": url_for(event) if url_for else "",
        }
