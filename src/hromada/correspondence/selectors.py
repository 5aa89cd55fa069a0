"""Reads of the journal for the admin, the portal, the exports and the report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from hromada.correspondence.models import Document, Source, TrackingPage
from hromada.correspondence.workflow import (
    OPEN_STATUSES,
    Direction,
    Kind,
    Status,
)


@dataclass(frozen=True)
class Origin:
    """Where a journal entry came from, when another module registered it (a problem report,
    a petition): shown on the case page with a link to the record."""

    label: str
    admin_url: str = ""
    public_url: str = ""


_ORIGINS: list[Callable[[Document], list[Origin]]] = []


def register_origin(describe: Callable[[Document], list[Origin]]) -> None:
    """A module that registers appeals in the journal says how to find their records (called
    from its `AppConfig.ready`; the journal imports no such module)."""
    if describe not in _ORIGINS:
        _ORIGINS.append(describe)


def origins(document: Document) -> list[Origin]:
    return [origin for describe in _ORIGINS for origin in describe(document)]


def journal(
    *,
    direction: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    assignee_id: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Document]:
    """The journal filtered as the admin listing filters it."""
    queryset = Document.objects.all()
    if direction:
        queryset = queryset.filter(direction=direction)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if assignee_id:
        queryset = queryset.filter(assignee_id=assignee_id)
    if start:
        queryset = queryset.filter(registered_on__gte=start)
    if end:
        queryset = queryset.filter(registered_on__lte=end)
    return queryset.select_related("assignee").order_by("-registered_on", "-id")


def overdue(today: dt.date | None = None) -> QuerySet[Document]:
    return Document.objects.overdue(today).select_related("assignee").order_by("due_date", "id")


def due_soon(days: int, today: dt.date | None = None) -> QuerySet[Document]:
    today = today or timezone.localdate()
    return (
        Document.objects.incoming()
        .open()
        .filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days))
        .select_related("assignee")
        .order_by("due_date", "id")
    )


def by_tracking_code(code: str | None) -> Document | None:
    if not code:
        return None
    return Document.objects.filter(tracking_code=code).first()


def tracking_page() -> TrackingPage | None:
    return TrackingPage.objects.live().first()


@dataclass(frozen=True)
class PublicStatus:
    """What the status page shows: no personal data."""

    reg_number: str
    kind_label: Any
    registered_on: dt.date
    status: str
    status_label: Any
    due_date: dt.date | None
    decided_on: dt.date | None
    extended: bool


def public_status(document: Document) -> PublicStatus:
    return PublicStatus(
        reg_number=document.reg_number,
        kind_label=document.get_kind_display(),
        registered_on=document.registered_on,
        status=document.status,
        status_label=document.get_status_display(),
        due_date=document.due_date,
        decided_on=document.decided_on,
        extended=document.extension_notice_due is not None or document.status == Status.EXTENDED,
    )


# --- Counts for the report -----------------------------------------------------------------


def incoming_in(start: dt.date, end: dt.date, kind: str | None = None) -> QuerySet[Document]:
    queryset = Document.objects.incoming().filter(registered_on__range=(start, end))
    return queryset.filter(kind=kind) if kind else queryset


def participation_appeals_in(start: dt.date, end: dt.date) -> QuerySet[Document]:
    """Appeals registered from the portal's problem reports and e-petitions: already among the
    citizens' appeals (one register), so the report shows them as "of them", never added."""
    return incoming_in(start, end, Kind.CITIZEN_APPEAL).filter(
        source__in=[Source.PROBLEM, Source.PETITION]
    )


def outgoing_in(
    start: dt.date, end: dt.date, kind: str | None = None, external: bool = False
) -> QuerySet[Document]:
    queryset = Document.objects.outgoing().filter(registered_on__range=(start, end))
    if external:
        queryset = queryset.exclude(kind=Kind.INTERNAL)
    return queryset.filter(kind=kind) if kind else queryset


def answered_in(start: dt.date, end: dt.date, kind: str | None = None) -> QuerySet[Document]:
    queryset = Document.objects.incoming().filter(answered_on__range=(start, end))
    return queryset.filter(kind=kind) if kind else queryset


def incoming_between(start: dt.date, end: dt.date, kind: str | None = None) -> int:
    return incoming_in(start, end, kind).count()


def outgoing_between(
    start: dt.date, end: dt.date, kind: str | None = None, external: bool = False
) -> int:
    return outgoing_in(start, end, kind, external=external).count()


def answered_between(start: dt.date, end: dt.date, kind: str | None = None) -> int:
    return answered_in(start, end, kind).count()


def decided_on_time_between(start: dt.date, end: dt.date) -> tuple[int, int]:
    """(decided on or before the due date, decided) among cases with a due date decided in
    the period."""
    decided = Document.objects.incoming().filter(
        decided_on__range=(start, end), due_date__isnull=False
    )
    on_time = decided.filter(decided_on__lte=F("due_date")).count()
    return on_time, decided.count()


def overdue_on(day: dt.date) -> QuerySet[Document]:
    """Cases open on ``day`` whose due date had passed: not decided by then."""
    return (
        Document.objects.incoming()
        .filter(due_date__lt=day, registered_on__lte=day)
        .filter(Q(decided_on__isnull=True) | Q(decided_on__gt=day))
        .exclude(status=Status.CLOSED, decided_on__isnull=True, closed_on__lte=day)
    )


def overdue_at(day: dt.date) -> int:
    return overdue_on(day).count()


def long_term_control_on(day: dt.date) -> QuerySet[Document]:
    return Document.objects.filter(long_term_control=True, registered_on__lte=day).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=day)
    )


def long_term_control_at(day: dt.date) -> int:
    return long_term_control_on(day).count()


EXPORT_COLUMNS = [
    "direction",
    "reg_number",
    "reg_date",
    "kind",
    "correspondent",
    "subject",
    "due_date",
    "answered_on",
    "control",
]


def export_rows(queryset: QuerySet[Document]) -> Any:
    """Rows in `hromada import_journal`'s columns; an empty due date is computed from the
    kind and the registration date where the law sets a term."""
    from hromada.correspondence import workflow

    for document in queryset.order_by("direction", "registered_on", "id").iterator(chunk_size=2000):
        due = document.due_date
        if due is None and document.direction == Direction.INCOMING:
            due = workflow.initial_due(document.kind, document.registered_on)
        yield {
            "direction": document.direction,
            "reg_number": document.reg_number,
            "reg_date": document.registered_on,
            "kind": document.kind,
            "correspondent": document.correspondent,
            "subject": document.subject,
            "due_date": due,
            "answered_on": document.answered_on,
            "control": "long_term" if document.long_term_control else "",
        }


# --- On-time statistics per department (public page, open dataset, report) ---------------


@dataclass
class OnTimeRow:
    """One department's cases of one kind received in one month (or a whole year: month 0)."""

    year: int
    month: int
    department: str
    kind: str
    received: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    overdue_now: int = 0
    days: list[int] | None = None

    @property
    def median_days(self) -> float | None:
        if not self.days:
            return None
        ordered = sorted(self.days)
        middle = len(ordered) // 2
        if len(ordered) % 2:
            return float(ordered[middle])
        return (ordered[middle - 1] + ordered[middle]) / 2

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "month": self.month or "",
            "department": self.department,
            "kind": self.kind,
            "received": self.received,
            "answered_on_time": self.answered_on_time,
            "answered_late": self.answered_late,
            "overdue_now": self.overdue_now,
            "median_days_to_answer": "" if self.median_days is None else self.median_days,
        }


def statistics_cases(
    start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Document]:
    """The cases the statistics count: incoming documents that run on a legal clock (they got a
    statutory due date at registration), by the date they were registered."""
    queryset = Document.objects.incoming().filter(initial_due_date__isnull=False)
    if start:
        queryset = queryset.filter(registered_on__gte=start)
    if end:
        queryset = queryset.filter(registered_on__lte=end)
    return queryset


def on_time_statistics(
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
    office: str = "",
) -> list[OnTimeRow]:
    """Per year and month of registration, department and kind: received; answered (answered,
    forwarded or refused) on or before the due date, or after it; still open past the due date
    today; and the median of calendar days from registration to that decision. Year rows
    (month 0) add up the months. ``office`` names the cases with no department."""
    today = today or timezone.localdate()
    rows: dict[tuple[int, int, str, str], OnTimeRow] = {}
    fields = ("registered_on", "department", "kind", "status", "due_date", "decided_on")
    for registered_on, department, kind, status, due, decided in (
        statistics_cases(start, end).values_list(*fields).iterator(chunk_size=5000)
    ):
        department = department or office
        for month in (registered_on.month, 0):
            key = (registered_on.year, month, department, kind)
            row = rows.get(key)
            if row is None:
                row = rows[key] = OnTimeRow(*key, days=[])
            row.received += 1
            # Decided (answered, forwarded, refused) has a decision date, kept when it closes.
            if decided is not None:
                if due is None or decided <= due:
                    row.answered_on_time += 1
                else:
                    row.answered_late += 1
                assert row.days is not None
                row.days.append((decided - registered_on).days)
            elif status in OPEN_STATUSES and due is not None and due < today:
                row.overdue_now += 1
    return [rows[key] for key in sorted(rows, key=lambda k: (-k[0], k[1], k[2], k[3]))]
