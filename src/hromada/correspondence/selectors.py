"""Reads of the journal for the admin, the portal, the exports and the report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from hromada.correspondence.models import Document, TrackingPage
from hromada.correspondence.workflow import Direction, Kind, Status


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


def incoming_between(start: dt.date, end: dt.date, kind: str | None = None) -> int:
    queryset = Document.objects.incoming().filter(registered_on__range=(start, end))
    return (queryset.filter(kind=kind) if kind else queryset).count()


def outgoing_between(
    start: dt.date, end: dt.date, kind: str | None = None, external: bool = False
) -> int:
    queryset = Document.objects.outgoing().filter(registered_on__range=(start, end))
    if external:
        queryset = queryset.exclude(kind=Kind.INTERNAL)
    return (queryset.filter(kind=kind) if kind else queryset).count()


def answered_between(start: dt.date, end: dt.date, kind: str | None = None) -> int:
    queryset = Document.objects.incoming().filter(answered_on__range=(start, end))
    return (queryset.filter(kind=kind) if kind else queryset).count()


def decided_on_time_between(start: dt.date, end: dt.date) -> tuple[int, int]:
    """(decided on or before the due date, decided) among cases with a due date decided in
    the period."""
    decided = Document.objects.incoming().filter(
        decided_on__range=(start, end), due_date__isnull=False
    )
    on_time = decided.filter(decided_on__lte=F("due_date")).count()
    return on_time, decided.count()


def overdue_at(day: dt.date) -> int:
    """Cases open on ``day`` whose due date had passed: not decided by then."""
    return (
        Document.objects.incoming()
        .filter(due_date__lt=day, registered_on__lte=day)
        .filter(Q(decided_on__isnull=True) | Q(decided_on__gt=day))
        .exclude(status=Status.CLOSED, decided_on__isnull=True, closed_on__lte=day)
        .count()
    )


def long_term_control_at(day: dt.date) -> int:
    return (
        Document.objects.filter(long_term_control=True, registered_on__lte=day)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
        .count()
    )


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
