"""`hromada import_activities FILE.csv`: legacy lists of the office's activities.

Columns `kind,date,title,details` and kinds from the CLI contract (docs/architecture.md);
UTF-8 (a BOM tolerated) or windows-1251; dates as YYYY-MM-DD or DD.MM.YYYY. Rows are keyed
by (kind, date, title): importing the same file again changes nothing, a changed `details`
updates the row. A row already kept in a record of its own (an event organized in the
calendar, a speech in the texts…) with the same date and title is skipped, so nothing is
counted twice. Any bad row means nothing is written; every error names its line and column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.activities.models import (
    EARLIEST_YEAR,
    EVENT_ACTIVITY_KIND,
    Activity,
    ActivityKind,
    CivicAction,
    CoverageRequest,
    Event,
    Text,
)
from hromada.core import audit
from hromada.core.imports import (
    CsvFormatError,
    ImportSummary,
    RowError,
    parse_date,
    read_rows,
)

COLUMNS = ("kind", "date", "title", "details")
REQUIRED = ("kind", "date", "title")
TITLE_MAX = Activity._meta.get_field("title").max_length or 500


@dataclass(frozen=True)
class ActivityRow:
    line: int
    kind: str
    date: dt.date
    title: str
    details: str


class _Rollback(Exception):
    pass


def read_csv(path: Path) -> tuple[list[ActivityRow], list[RowError]]:
    """Parse the file; no database access."""
    rows: list[ActivityRow] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, dt.date, str], int] = {}
    today = timezone.localdate()
    try:
        for row in read_rows(path, required=REQUIRED, optional=("details",)):
            values = row.values
            row_errors: list[RowError] = []
            kind = values.get("kind", "")
            if kind not in ActivityKind.values:
                row_errors.append(
                    RowError(
                        row.line,
                        "kind",
                        _("unknown kind “%(kind)s”; one of %(kinds)s")
                        % {"kind": kind, "kinds": ", ".join(ActivityKind.values)},
                    )
                )
            date: dt.date | None = None
            try:
                date = parse_date(values.get("date", ""))
            except ValueError as problem:
                row_errors.append(RowError(row.line, "date", str(problem)))
            if date is not None and (date.year < EARLIEST_YEAR or date > today):
                row_errors.append(
                    RowError(
                        row.line,
                        "date",
                        _("%(date)s is not a date of work already done (%(first)s – today)")
                        % {"date": f"{date:%d.%m.%Y}", "first": EARLIEST_YEAR},
                    )
                )
            title = " ".join(values.get("title", "").split())
            if not title:
                row_errors.append(RowError(row.line, "title", _("the title is empty")))
            elif len(title) > TITLE_MAX:
                row_errors.append(
                    RowError(
                        row.line,
                        "title",
                        _("the title is longer than %(max)s characters") % {"max": TITLE_MAX},
                    )
                )
            if row_errors or date is None:
                errors.extend(row_errors)
                continue
            key = (kind, date, title)
            if key in seen:
                errors.append(
                    RowError(
                        row.line,
                        "",
                        _("the same kind, date and title as line %(line)s") % {"line": seen[key]},
                    )
                )
                continue
            seen[key] = row.line
            rows.append(ActivityRow(row.line, kind, date, title, values.get("details", "")))
    except CsvFormatError as error:
        message = str(error)
        line = 1
        head, sep, rest = message.partition(":")
        if sep and head.split() and head.split()[-1].isdigit():
            line, message = int(head.split()[-1]), rest.strip()
        errors.append(RowError(line, "", message))
    return rows, errors


def _kept_elsewhere(row: ActivityRow) -> bool:
    """The same activity already recorded in its own record (one source of truth)."""
    event_kinds = {v.value: k.value for k, v in EVENT_ACTIVITY_KIND.items()}
    if row.kind in event_kinds:
        return Event.objects.filter(
            kind=event_kinds[row.kind], start_date=row.date, title=row.title, archived=False
        ).exists()
    if row.kind in (ActivityKind.SCENARIO_PLAN, ActivityKind.SPEECH, ActivityKind.GREETING):
        return Text.objects.filter(
            kind=row.kind, date=row.date, title=row.title, is_template=False, archived=False
        ).exists()
    if row.kind == ActivityKind.CIVIC_ACTION:
        return CivicAction.objects.filter(date=row.date, subject=row.title, archived=False).exists()
    if row.kind == ActivityKind.COVERAGE_REQUEST:
        return CoverageRequest.objects.filter(
            date=row.date, subject=row.title, archived=False
        ).exists()
    return False


def import_file(path: Path, *, dry_run: bool = False, user: Any = None) -> ImportSummary:
    """Import a CSV of activities: all rows or none."""
    summary = ImportSummary()
    rows, errors = read_csv(path)
    if errors:
        summary.errors = errors
        return summary
    created: list[Activity] = []
    try:
        with transaction.atomic():
            for row in rows:
                existing = Activity.objects.filter(
                    kind=row.kind, date=row.date, title=row.title
                ).first()
                if existing is None:
                    if _kept_elsewhere(row):
                        summary.skipped += 1
                        continue
                    activity = Activity(
                        kind=row.kind,
                        date=row.date,
                        title=row.title,
                        details=row.details,
                        source="csv",
                        created_by=user,
                    )
                    created.append(activity)
                    summary.created += 1
                elif existing.details != row.details or existing.archived:
                    before = audit.snapshot(existing)
                    existing.details = row.details
                    existing.archived = False
                    existing.save(update_fields=["details", "archived", "updated_at"])
                    audit.record(existing, "wagtail.edit", user=user, before=before)
                    summary.updated += 1
                else:
                    summary.skipped += 1
            saved = Activity.objects.bulk_create(created, batch_size=500)
            if saved and saved[0].pk is None:  # backends that return no ids (none of ours)
                saved = list(Activity.objects.filter(source="csv").order_by("-pk")[: len(created)])
            audit.record_many(saved, "wagtail.create", user=user, data={"source": "csv"})
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return summary
