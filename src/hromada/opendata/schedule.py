"""When a dataset's next update is due, from its update frequency (data.gov.ua's values).

Resolution 835 obliges the manager to keep a dataset current at the frequency its passport
states; a dataset whose due date passed without a new upload is shown "не оновлено вчасно".
"""

from __future__ import annotations

import calendar
import datetime as dt

# Frequencies counted in days or in calendar months; the others have no due date.
DAYS = {"Більш як один раз на день": 1, "Щодня": 1, "Щотижня": 7}
MONTHS = {"Щомісяця": 1, "Щокварталу": 3, "Кожного півріччя": 6, "Щороку": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(frequency: str, last_change: dt.date) -> dt.date | None:
    """The last day by which the next update must be published; None when none is due.

    "Відразу після внесення змін" (after each change) and "Більше не оновлюється"
    (no longer updated) carry no calendar obligation.
    """
    if frequency in DAYS:
        return last_change + dt.timedelta(days=DAYS[frequency])
    if frequency in MONTHS:
        return add_months(last_change, MONTHS[frequency])
    return None


def remind_from(frequency: str, due: dt.date) -> dt.date:
    """The day the "due soon" reminder goes out."""
    if frequency in DAYS:
        return due - dt.timedelta(days=0 if DAYS[frequency] == 1 else 2)
    months = MONTHS.get(frequency, 12)
    return due - dt.timedelta(days=3 if months == 1 else 7)
