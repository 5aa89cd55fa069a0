"""The period's civic actions (protests, rallies, pickets, assemblies), for whoever reports them.

The activity journal keeps them (activities.CivicAction) and monitoring's information notes
report them alongside the media. Monitoring does not import the activities module (which reads
monitoring's notes to count them): the journal registers a reader here in its
`AppConfig.ready`, and the notes ask `between(start, end)`. With no reader registered (a site
without the journal) there are none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CivicAction:
    """One action as a note shows it (texts in the active language)."""

    date: dt.date
    kind: str
    place: str
    organizers: str
    subject: str
    participants: int | None
    demands: str
    outcome: str


Reader = Callable[[dt.date, dt.date], list[CivicAction]]

_readers: list[Reader] = []


def register(reader: Reader) -> None:
    """Add a reader of the actions dated within a period (once per reader)."""
    if reader not in _readers:
        _readers.append(reader)


def between(start: dt.date, end: dt.date) -> list[CivicAction]:
    """Every registered reader's actions dated from `start` to `end`, by date."""
    found = [action for reader in _readers for action in reader(start, end)]
    return sorted(found, key=lambda action: action.date)
