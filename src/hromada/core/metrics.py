"""The metrics registry: every report figure, registered by the module that owns the records.

A module's `metrics.py` calls `register(...)` at import; core autodiscovers those files.
A figure is computed for any period from the records; for a calendar year it may instead
have an official historical value (core.HistoricalFigure), which takes precedence.

A figure that counts rows registers `records(period) -> QuerySet`: its value is that
queryset's count, and the report links the number to the list of exactly those records
(one definition for both, so the link always shows what was counted).

A unit that is a counted noun agrees with the figure ("1 документ", "2 документи",
"838 документів"): declare it with `npgettext_lazy(UNIT_CONTEXT, "document", "documents")`
and no number, and render it with `Metric.unit_for(value)`. A symbol ("%") is a plain string.

Modules also register report lists (`register_list`): the events, trainings and
commissions the report enumerates with their dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class Period:
    """A closed range of calendar dates in the city's time zone."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def is_calendar_year(self) -> bool:
        return (
            self.start.year == self.end.year
            and (self.start.month, self.start.day) == (1, 1)
            and (self.end.month, self.end.day) == (12, 31)
        )

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start, end) covering the period's days in local time."""
        zone = ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return start, end


#: The msgctxt of every unit's plural forms in the catalogues.
UNIT_CONTEXT = "report unit"


def unit_for(unit: str | Promise, count: int) -> str:
    """``unit`` in the form ``count`` needs in the active language ("5 документів").

    A plural-aware lazy string (npgettext_lazy without a number) picks its form when it is
    formatted with the count; a plain string (a symbol such as "%") has one form."""
    if isinstance(unit, str):
        return unit
    return str(unit % count)


#: What `records(period)` returns: the rows a figure counts, in one table or several.
Records = QuerySet[Any] | Sequence[QuerySet[Any]]


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    unit: str | Promise
    definition: str | Promise
    module: str
    compute: Callable[[Period], int]
    records: Callable[[Period], Records] | None = None

    def unit_for(self, count: int) -> str:
        """The unit agreeing with ``count``: "1 документ", "2 документи", "5 документів"."""
        return unit_for(self.unit, count)

    def record_sets(self, period: Period) -> list[QuerySet[Any]]:
        """The querysets this figure counts (empty for a figure computed otherwise)."""
        if self.records is None:
            return []
        found = self.records(period)
        return [found] if isinstance(found, QuerySet) else list(found)


_REGISTRY: dict[str, Metric] = {}


def _count_of(records: Callable[[Period], Records]) -> Callable[[Period], int]:
    def compute(period: Period) -> int:
        found = records(period)
        if isinstance(found, QuerySet):
            return found.count()
        return sum(queryset.count() for queryset in found)

    compute.__wrapped__ = records  # type: ignore[attr-defined]
    return compute


def register(
    key: str,
    *,
    label: str | Promise,
    definition: str | Promise,
    unit: str | Promise = "",
    compute: Callable[[Period], int] | None = None,
    records: Callable[[Period], Records] | None = None,
) -> Metric:
    """Register one figure. Keys are `<module>.<figure>` and never change once published.

    Give `records` when the figure is a count of rows (the value is their count), or
    `compute` for anything else (a sum, a figure at a date computed otherwise).
    """
    if (compute is None) == (records is None):
        raise ValueError(f"metric {key!r}: give exactly one of compute= or records=")
    module = key.split(".", 1)[0]
    existing = _REGISTRY.get(key)
    if existing is not None and (existing.records or existing.compute) is not (records or compute):
        raise ValueError(f"metric {key!r} is registered twice")
    if existing is not None:
        return existing
    metric = Metric(
        key=key,
        label=label,
        unit=unit,
        definition=definition,
        module=module,
        compute=compute if compute is not None else _count_of(records),  # type: ignore[arg-type]
        records=records,
    )
    _REGISTRY[key] = metric
    return metric


def all_metrics() -> list[Metric]:
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


def get(key: str) -> Metric:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown metric {key!r}") from None


@dataclass(frozen=True)
class ListItem:
    """One line of a report list: "04.03.2020 — Засідання робочої групи (організатор: …)"."""

    date: dt.date
    title: str
    end_date: dt.date | None = None
    details: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: An event held on several separate days or runs of days: (first day, last day or None)
    #: each; the list prints them ("22–23.07 і 27–28.07.2020") instead of date–end_date.
    sessions: tuple[tuple[dt.date, dt.date | None], ...] = ()


def _day_range(start: dt.date, end: dt.date | None, *, year: bool) -> str:
    tail = ".%Y" if year else ""
    if end is None or end == start:
        return start.strftime(f"%d.%m{tail}")
    if (end.year, end.month) == (start.year, start.month):
        return f"{start:%d}–{end.strftime(f'%d.%m{tail}')}"
    if end.year == start.year:
        return f"{start:%d.%m}–{end.strftime(f'%d.%m{tail}')}"
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


def sessions_text(sessions: Sequence[tuple[dt.date, dt.date | None]]) -> str:
    """Sessions as one line: "22–23.07 і 27–28.07.2020" (the year once, at the end, when
    they share it); a single session is "22–23.07.2020"."""
    from django.utils.translation import gettext

    ordered = sorted(sessions)
    if not ordered:
        return ""
    years = {day.year for start, end in ordered for day in (start, end or start)}
    if len(years) > 1:
        return gettext(" and ").join(_day_range(s, e, year=True) for s, e in ordered)
    parts = [_day_range(s, e, year=False) for s, e in ordered]
    return f"{gettext(' and ').join(parts)}.{years.pop()}"


@dataclass(frozen=True)
class ReportList:
    key: str
    label: str | Promise
    module: str
    compute: Callable[[Period], list[ListItem]]


_LISTS: dict[str, ReportList] = {}


def register_list(
    key: str, *, label: str | Promise, compute: Callable[[Period], list[ListItem]]
) -> ReportList:
    """Register a list the report enumerates (key `<module>.<list>`: `activities.trainings`)."""
    existing = _LISTS.get(key)
    if existing is not None and existing.compute is not compute:
        raise ValueError(f"report list {key!r} is registered twice")
    report_list = ReportList(key=key, label=label, module=key.split(".", 1)[0], compute=compute)
    _LISTS[key] = report_list
    return report_list


def all_lists() -> list[ReportList]:
    return [_LISTS[key] for key in sorted(_LISTS)]
