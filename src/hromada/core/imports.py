"""CSV reading shared by every importer (docs/architecture.md, "Shared mechanisms").

UTF-8 with or without a BOM, or windows-1251; a header row that must hold the expected
columns; dates as YYYY-MM-DD or DD.MM.YYYY; every problem reported with its line number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

from django.utils.translation import gettext as _


class CsvFormatError(ValueError):
    """The file as a whole cannot be read (encoding, header)."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # 1-based line number in the file, the header being line 1
    values: dict[str, str]


def line_count(path: Path) -> int:
    """The file's physical lines, header included: the total a progress bar counts
    `CsvRow.line` against."""
    count, last = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk
    return count + (1 if last and not last.endswith(b"\n") else 0)


def decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CsvFormatError(_("The file is neither UTF-8 nor windows-1251 text."))


def read_rows(
    path: Path, *, required: Sequence[str], optional: Sequence[str] = ()
) -> Iterator[CsvRow]:
    """Rows of a CSV file as dicts of stripped strings, checked against the expected header."""
    text = decode(path.read_bytes())
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvFormatError(
            _("Line 1: missing columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    unknown = [name for name in header if name not in {*required, *optional}]
    if unknown:
        raise CsvFormatError(
            _("Line 1: unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)}
        )
    reader.fieldnames = header
    for row in reader:
        if None in row:
            raise CsvFormatError(
                _("Line %(line)s: more values than columns.") % {"line": reader.line_num}
            )
        values = {key: (value or "").strip() for key, value in row.items()}
        if not any(values.values()):
            continue
        yield CsvRow(line=reader.line_num, values=values)


def parse_date(raw: str) -> dt.date:
    """YYYY-MM-DD or DD.MM.YYYY; ValueError with a readable message otherwise."""
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(raw.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(raw)s” is not a date (YYYY-MM-DD or DD.MM.YYYY).") % {"raw": raw})


@dataclass(frozen=True)
class RowError:
    """One bad row of an import: "рядок 3, date: …" (the line numbered as in the file)."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line}
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class ImportSummary:
    """What an import did (or, in a dry run, would do)."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list[RowError] = dataclass_field(default_factory=list)
