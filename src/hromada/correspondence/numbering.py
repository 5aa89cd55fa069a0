"""Registration numbers: a sequence per direction and year, written in the city's format.

`next_number` must run inside the registering transaction. It increments the year's counter
with a single ``UPDATE … SET last = last + 1``: PostgreSQL locks the counter row until the
transaction commits and SQLite locks the whole database for writing, so concurrent
registrations wait for each other and never share a number. A unique constraint on
(direction, year, number) is the last line of defence.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hromada.correspondence.models import Document, JournalSettings, RegistrationCounter
from hromada.correspondence.workflow import Direction

DEFAULT_FORMATS = {Direction.INCOMING: "{seq}", Direction.OUTGOING: "{seq}/01-{yy}"}
_PLACEHOLDERS = {"seq", "year", "yy"}
_LEADING_DIGITS = re.compile(r"\D*(\d+)")


def check_format(pattern: str) -> None:
    """ValueError unless ``pattern`` holds {seq} and only known placeholders."""
    names = set(re.findall(r"{(\w*)}", pattern))
    if "seq" not in names:
        raise ValueError(_("The format must contain {seq}."))
    unknown = names - _PLACEHOLDERS
    if unknown:
        raise ValueError(
            _("Unknown placeholders: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )


def journal_settings() -> JournalSettings:
    from hromada.core.selectors import default_site

    site = default_site()
    if site is None:
        return JournalSettings()
    return JournalSettings.for_site(site)


def format_number(direction: str, sequence: int, year: int, pattern: str | None = None) -> str:
    if pattern is None:
        journal = journal_settings()
        pattern = (
            journal.incoming_format if direction == Direction.INCOMING else journal.outgoing_format
        ) or DEFAULT_FORMATS[Direction(direction)]
    return pattern.format(seq=sequence, year=year, yy=f"{year % 100:02d}")


def sequence_of(number: str) -> int | None:
    """The sequence an existing number carries (its first run of digits), for imports."""
    match = _LEADING_DIGITS.match(number)
    return int(match.group(1)) if match else None


def next_number(*, direction: str, registered_on: dt.date) -> tuple[int, str]:
    """The next (sequence, formatted number) for the year; call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number must run inside the registering transaction")
    year = registered_on.year
    RegistrationCounter.objects.get_or_create(direction=direction, year=year)
    counter = RegistrationCounter.objects.filter(direction=direction, year=year)
    while True:
        counter.update(last=F("last") + 1)
        sequence = counter.values_list("last", flat=True).get()
        number = format_number(direction, sequence, year)
        # An imported entry may already hold this number: skip past it.
        if not Document.objects.filter(
            direction=direction, reg_year=year, reg_number=number
        ).exists():
            return sequence, number


def raise_counter(*, direction: str, year: int, at_least: int) -> None:
    """Make sure the year's counter is past ``at_least`` (after an import)."""
    RegistrationCounter.objects.get_or_create(direction=direction, year=year)
    RegistrationCounter.objects.filter(direction=direction, year=year, last__lt=at_least).update(
        last=at_least
    )
