"""`hromada import_journal` / `export_journal`: the journal as CSV with the columns
direction,reg_number,reg_date,kind,correspondent,subject,due_date,answered_on,control.

The import is all-or-nothing: every line is checked first and any error (named by line and
column) means nothing is written. Entries are matched on direction + registration number +
year, so running the same file again changes nothing. An empty due date is computed from the
kind and the registration date where the law sets a term.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import audit, dates, exports
from hromada.core.imports import CsvRow, ImportSummary, RowError, parse_date, read_rows
from hromada.correspondence import numbering, selectors, workflow
from hromada.correspondence.models import Document, Source
from hromada.correspondence.workflow import Direction, Kind, Status

COLUMNS = selectors.EXPORT_COLUMNS
REQUIRED = ["direction", "reg_number", "reg_date", "kind", "subject"]
OPTIONAL = [name for name in COLUMNS if name not in REQUIRED]
UPDATABLE = ("kind", "correspondent", "subject", "due_date", "answered_on", "long_term_control")


@dataclass(frozen=True)
class JournalRow:
    line: int
    values: dict[str, Any]

    @property
    def key(self) -> tuple[str, int, str]:
        return (
            self.values["direction"],
            self.values["registered_on"].year,
            self.values["reg_number"],
        )


def _date(row: CsvRow, name: str, errors: list[RowError]) -> dt.date | None:
    raw = row.values.get(name, "")
    if not raw:
        return None
    try:
        return parse_date(raw)
    except ValueError as error:
        errors.append(RowError(row.line, name, str(error)))
        return None


def _not_future(
    row: CsvRow, name: str, value: dt.date | None, what: str, errors: list[RowError]
) -> None:
    if value is None:
        return
    try:
        dates.validate_not_future(value, what=what)
    except ValidationError as error:
        errors.append(RowError(row.line, name, " ".join(error.messages)))


def parse(rows: Iterable[CsvRow], errors: list[RowError]) -> list[JournalRow]:
    parsed: list[JournalRow] = []
    seen: dict[tuple[str, int, str], int] = {}
    for row in rows:
        before = len(errors)
        values = row.values
        direction = values["direction"]
        if direction not in Direction.values:
            errors.append(
                RowError(
                    row.line,
                    "direction",
                    _("must be incoming or outgoing, not “%(v)s”.") % {"v": direction},
                )
            )
        kind = values["kind"]
        if kind not in Kind.values:
            errors.append(
                RowError(
                    row.line,
                    "kind",
                    _("“%(v)s” is not one of: %(allowed)s.")
                    % {"v": kind, "allowed": ", ".join(Kind.values)},
                )
            )
        number = values["reg_number"]
        if not number:
            errors.append(RowError(row.line, "reg_number", _("is required.")))
        elif len(number) > 50:
            errors.append(RowError(row.line, "reg_number", _("is longer than 50 characters.")))
        if not values["subject"]:
            errors.append(RowError(row.line, "subject", _("is required.")))
        registered_on = _date(row, "reg_date", errors)
        if registered_on is None and values.get("reg_date", "") == "":
            errors.append(RowError(row.line, "reg_date", _("is required.")))
        due = _date(row, "due_date", errors)
        answered_on = _date(row, "answered_on", errors)
        _not_future(row, "reg_date", registered_on, _("the registration date"), errors)
        _not_future(row, "answered_on", answered_on, _("the answer date"), errors)
        control = values.get("control", "")
        if control not in ("", "long_term"):
            errors.append(RowError(row.line, "control", _("must be empty or long_term.")))
        if registered_on and answered_on and answered_on < registered_on:
            errors.append(RowError(row.line, "answered_on", _("is before the registration date.")))
        if registered_on and due and due < registered_on:
            errors.append(RowError(row.line, "due_date", _("is before the registration date.")))
        if len(errors) > before or registered_on is None:
            continue
        if due is None and direction == Direction.INCOMING:
            due = workflow.initial_due(kind, registered_on)
        journal_row = JournalRow(
            line=row.line,
            values={
                "direction": direction,
                "reg_number": number,
                "registered_on": registered_on,
                "kind": kind,
                "correspondent": values.get("correspondent", "")[:500],
                "subject": values["subject"][:1000],
                "due_date": due,
                "answered_on": answered_on,
                "long_term_control": control == "long_term",
            },
        )
        if journal_row.key in seen:
            errors.append(
                RowError(
                    row.line,
                    "reg_number",
                    _("%(number)s of %(year)s is already on line %(line)s.")
                    % {"number": number, "year": registered_on.year, "line": seen[journal_row.key]},
                )
            )
            continue
        seen[journal_row.key] = row.line
        parsed.append(journal_row)
    return parsed


def _status(values: dict[str, Any]) -> str:
    if values["direction"] == Direction.OUTGOING:
        return Status.CLOSED
    return Status.ANSWERED if values["answered_on"] else Status.REGISTERED


class _DryRun(Exception):
    pass


def import_file(path: Path, *, dry_run: bool = False, user: Any = None) -> ImportSummary:
    """Import the journal file; with any error nothing is written."""
    summary = ImportSummary()
    rows = parse(read_rows(path, required=REQUIRED, optional=OPTIONAL), summary.errors)
    if summary.errors:
        return summary
    try:
        with transaction.atomic():
            _apply(rows, summary, user)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


def _apply(rows: list[JournalRow], summary: ImportSummary, user: Any) -> None:
    existing: dict[tuple[str, int, str], Document] = {}
    years = {row.values["registered_on"].year for row in rows}
    for document in Document.objects.filter(reg_year__in=years):
        existing[(document.direction, document.reg_year, document.reg_number)] = document
    new: list[Document] = []
    highest: dict[tuple[str, int], int] = {}
    for row in rows:
        values = row.values
        sequence = numbering.sequence_of(values["reg_number"])
        if sequence is not None:
            slot = (values["direction"], values["registered_on"].year)
            highest[slot] = max(highest.get(slot, 0), sequence)
        found = existing.get(row.key)
        if found is None:
            status = _status(values)
            new.append(
                Document(
                    direction=values["direction"],
                    reg_number=values["reg_number"],
                    reg_year=values["registered_on"].year,
                    sequence=sequence,
                    registered_on=values["registered_on"],
                    kind=values["kind"],
                    correspondent=values["correspondent"],
                    subject=values["subject"],
                    due_date=values["due_date"],
                    initial_due_date=values["due_date"],
                    answered_on=values["answered_on"],
                    decided_on=values["answered_on"],
                    long_term_control=values["long_term_control"],
                    status=status,
                    closed_on=values["registered_on"] if status == Status.CLOSED else None,
                    source=Source.IMPORT,
                )
            )
            continue
        document = found
        changes = {
            name: values[name] for name in UPDATABLE if getattr(document, name) != values[name]
        }
        if not changes:
            summary.skipped += 1
            continue
        before = audit.snapshot(document)
        for name, value in changes.items():
            setattr(document, name, value)
        if "answered_on" in changes and document.answered_on and document.decided_on is None:
            document.decided_on = document.answered_on
        document.save()
        audit.record(document, "wagtail.edit", user=user, before=before, data={"source": "import"})
        summary.updated += 1
    for document in new:
        document.backdate_status()  # the day of its outcome, not the day of the import
    created = Document.objects.bulk_create(new, batch_size=500)
    audit.record_many(created, "wagtail.create", user=user, data={"source": "import"})
    summary.created = len(created)
    for (direction, year), sequence in highest.items():
        numbering.raise_counter(direction=direction, year=year, at_least=sequence)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def export_file(path: Path, queryset: Any = None) -> int:
    """Write the journal (or ``queryset``) in the import's columns; returns the rows written."""
    queryset = Document.objects.all() if queryset is None else queryset
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = exports.writer(handle)
        writer.writerow(COLUMNS)
        for row in selectors.export_rows(queryset):
            writer.writerow([_cell(row[name]) for name in COLUMNS])
            count += 1
    return count
