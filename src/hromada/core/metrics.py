"""The metrics registry: every report figure, registered by the module that owns the records.

A module's `metrics.py` calls `register(...)` at import; core autodiscovers those files.
A figure is computed for any period from the records; for a calendar year it may instead
have an official historical value (core.HistoricalFigure), which takes precedence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
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


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    unit: str | Promise
    definition: str | Promise
    module: str
    compute: Callable[[Period], int]


_REGISTRY: dict[str, Metric] = {}


def register(
    key: str,
    *,
    label: str | Promise,
    definition: str | Promise,
    unit: str | Promise = "",
    compute: Callable[[Period], int],
) -> Metric:
    """Register one figure. Keys are `<module>.<figure>` and never change once published."""
    module = key.split(".", 1)[0]
    if key in _REGISTRY and _REGISTRY[key].compute is not compute:
        raise ValueError(f"metric {key!r} is registered twice")
    metric = Metric(
        key=key, label=label, unit=unit, definition=definition, module=module, compute=compute
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
