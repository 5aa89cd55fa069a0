"""Date rules of observances (state holidays, memorial and professional days): pure functions.

A rule gives the day an observance falls on in a given year:
- `fixed`: the same month and day every year (Independence Day, 24 August);
- `nth_weekday`: the n-th (1–5) or last (-1) given weekday of a month (Day of Remembrance of
  the Victims of the Holodomor: the fourth Saturday of November; Miner's Day: the last Sunday
  of August);
- `easter`: a number of days after (or before, when negative) Easter, computed with the
  Orthodox paschalion (`dateutil.easter.EASTER_ORTHODOX`): Easter itself, Trinity (+49).

The Ukrainian 2023 calendar change: Law 3005-IX of 14.07.2023 moved the fixed-date feasts and
several state days to the New Julian (in effect Gregorian) calendar (Christmas only on 25
December from 2024; Ukrainian Statehood Day 28 July → 15 July from 2024; Defenders' Day
14 October → 1 October from 2023). The Orthodox Church of Ukraine and the Ukrainian Greek
Catholic Church changed their fixed feasts from 1 September 2023 but kept the Julian
paschalion, so Easter and Trinity are still computed as Orthodox Easter. Rules that changed
carry the years they apply to (`valid_from`, `valid_to`), so every year gets the right date.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from dateutil.easter import EASTER_ORTHODOX, easter

FIXED = "fixed"
NTH_WEEKDAY = "nth_weekday"
EASTER = "easter"
RULES = (FIXED, NTH_WEEKDAY, EASTER)
LAST = -1


@dataclass(frozen=True)
class DateRule:
    rule: str
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday … 6 = Sunday
    nth: int | None = None  # 1..5, or -1 for the last one in the month
    easter_offset: int | None = None
    valid_from: int | None = None  # first year the rule applies to
    valid_to: int | None = None  # last year the rule applies to

    def applies_in(self, year: int) -> bool:
        if self.valid_from is not None and year < self.valid_from:
            return False
        return not (self.valid_to is not None and year > self.valid_to)

    def date_in(self, year: int) -> dt.date | None:
        """The day in `year`, or None when the rule does not apply that year (or gives no day,
        e.g. a fifth Monday that month lacks, or 29 February in a common year)."""
        if not self.applies_in(year):
            return None
        if self.rule == FIXED:
            return fixed_date(year, self.month or 0, self.day or 0)
        if self.rule == NTH_WEEKDAY:
            return nth_weekday(year, self.month or 0, self.weekday or 0, self.nth or 0)
        if self.rule == EASTER:
            return orthodox_easter(year) + dt.timedelta(days=self.easter_offset or 0)
        raise ValueError(f"unknown date rule {self.rule!r}")


def fixed_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The n-th `weekday` (0 = Monday) of the month; nth = -1 is the last one."""
    if not 1 <= month <= 12 or not 0 <= weekday <= 6 or nth == 0 or not -1 <= nth <= 5:
        raise ValueError("month 1–12, weekday 0–6 and nth 1–5 or -1 are required")
    days_in_month = calendar.monthrange(year, month)[1]
    if nth == LAST:
        last = dt.date(year, month, days_in_month)
        return last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    return day if day.month == month else None


def orthodox_easter(year: int) -> dt.date:
    """Easter of the Orthodox paschalion (Julian computation), as a Gregorian date."""
    return easter(year, EASTER_ORTHODOX)


def occurrences_between(rules: list[DateRule], start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day one of `rules` gives in [start, end]."""
    days: set[dt.date] = set()
    for year in range(start.year, end.year + 1):
        for rule in rules:
            day = rule.date_in(year)
            if day is not None and start <= day <= end:
                days.add(day)
    return sorted(days)
