"""The legal calendar: working days and every statutory deadline Hromada tracks.

Working days come from ``holidays.country_holidays("UA")`` with its default ``public``
category. That calendar is martial-law aware: from 2023 the public holidays are working days
(Law 2136-IX "Про організацію трудових відносин в умовах воєнного стану", Art. 6), and the
Saturdays that were made working days in exchange for a bridge day count as working days.

How a term runs (Civil Code of Ukraine, Art. 253–254):

* it starts on the day after the event that begins it (receipt, publication);
* a term in working days counts only working days;
* a term in calendar days or months that ends on a day off ends on the next working day.

Every rule lives in :data:`RULES`, with the article of the law it comes from. Modules ask
for a deadline by rule key (:func:`due_date`) and never count days themselves, so a change in
the law is one edit here.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


@lru_cache(maxsize=1)
def _ukrainian_calendar() -> holidays.HolidayBase:
    return holidays.country_holidays("UA")


def is_working_day(day: date) -> bool:
    """True when ``day`` is a working day in Ukraine (weekends, holidays and transfers)."""
    return bool(_ukrainian_calendar().is_working_day(day))


def next_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date) -> date:
    """``day`` itself when it is a working day, else the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself is not counted).

    A negative ``count`` counts backwards: ``add_working_days(d, -10)`` is the tenth working
    day before ``d``.
    """
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when end < start)."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = 0
    day = low
    while day < high:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return sign * count


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when that month is shorter
    (Civil Code Art. 254 part 2)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


class Unit(enum.StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"
    HOURS = "hours"


@dataclass(frozen=True, slots=True)
class Rule:
    """One statutory term: how long, in what unit, and where the law says so."""

    key: str
    label: StrOrPromise
    amount: int
    unit: Unit
    law: str

    def due(self, start: date) -> date:
        """The last day of the term that starts after ``start``."""
        if self.unit is Unit.WORKING_DAYS:
            return add_working_days(start, self.amount)
        if self.unit is Unit.CALENDAR_DAYS:
            return next_working_day(start + timedelta(days=self.amount))
        if self.unit is Unit.MONTHS:
            return next_working_day(add_months(start, self.amount))
        # Hours run continuously from the moment of receipt; the day the hours end is the
        # due date (a date-only receipt is taken as its start of day).
        return (datetime.combine(start, datetime.min.time()) + timedelta(hours=self.amount)).date()


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.key: rule for rule in rules}


#: Every deadline Hromada computes. Keys are stable: data stores them.
RULES: dict[str, Rule] = _rules(
    Rule(
        key="public_info_request",
        label=_("Public-information request"),
        amount=5,
        unit=Unit.WORKING_DAYS,
        law="Закон № 2939-VI «Про доступ до публічної інформації», ст. 20 ч. 1",
    ),
    Rule(
        key="public_info_request_urgent",
        label=_("Public-information request concerning life, freedom or an emergency"),
        amount=48,
        unit=Unit.HOURS,
        law="Закон № 2939-VI, ст. 20 ч. 2",
    ),
    Rule(
        key="public_info_request_extended",
        label=_("Public-information request extended for a large volume"),
        amount=20,
        unit=Unit.WORKING_DAYS,
        law="Закон № 2939-VI, ст. 20 ч. 4",
    ),
    Rule(
        key="public_info_extension_notice",
        label=_("Written notice of an extension"),
        amount=5,
        unit=Unit.WORKING_DAYS,
        law="Закон № 2939-VI, ст. 20 ч. 4",
    ),
    Rule(
        key="citizen_appeal",
        label=_("Citizens' appeal"),
        amount=1,
        unit=Unit.MONTHS,
        law="Закон № 393/96-ВР «Про звернення громадян», ст. 20 ч. 1",
    ),
    Rule(
        key="citizen_appeal_no_study",
        label=_("Citizens' appeal needing no extra study"),
        amount=15,
        unit=Unit.CALENDAR_DAYS,
        law="Закон № 393/96-ВР, ст. 20 ч. 1",
    ),
    Rule(
        key="citizen_appeal_extended",
        label=_("Citizens' appeal, extended (at most)"),
        amount=45,
        unit=Unit.CALENDAR_DAYS,
        law="Закон № 393/96-ВР, ст. 20 ч. 1",
    ),
    Rule(
        key="draft_publication",
        label=_("Draft decision published before consideration"),
        amount=10,
        unit=Unit.WORKING_DAYS,
        law="Закон № 2939-VI, ст. 15 ч. 3 (у редакції Закону № 890-IX)",
    ),
    Rule(
        key="e_petition_consideration",
        label=_("Local e-petition consideration"),
        amount=10,
        unit=Unit.WORKING_DAYS,
        law="Закон № 393/96-ВР, ст. 23-1 ч. 10",
    ),
)


def rule(key: str) -> Rule:
    """The rule named ``key``; ``KeyError`` names the unknown key."""
    try:
        return RULES[key]
    except KeyError:
        known = ", ".join(sorted(RULES))
        raise KeyError(f"unknown deadline rule {key!r}; known: {known}") from None


def due_date(rule_key: str, start: date) -> date:
    """The due date of ``rule_key``'s term that starts after ``start``."""
    return rule(rule_key).due(start)


def latest_publication_date(consideration: date) -> date:
    """The last day a draft can be published "not later than 10 working days before the date
    of its consideration" (Law 2939-VI Art. 15 part 3): the tenth working day before it."""
    return add_working_days(consideration, -RULES["draft_publication"].amount)


def days_left(due: date, today: date) -> int:
    """Calendar days from ``today`` to ``due`` (negative when overdue)."""
    return (due - today).days
