"""CSV, JSON and XLSX exports shared by public registers and admin listings.

Every CSV Hromada writes goes through `neutralise` (via `writer`, `csv_response`, `csv_text`,
or, for Wagtail's own spreadsheet exports, `install_spreadsheet_guard`): a cell that a
spreadsheet program would read as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) gets a leading single quote, OWASP's rule against CSV injection. JSON
and XLSX keep the data as it is (openpyxl already stores such cells as text).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` made safe for a CSV cell: text a spreadsheet would run as a formula gets a
    leading single quote; numbers and everything else are left alone."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """`csv.writer` whose rows are neutralised cell by cell."""

    def __init__(self, handle: Any, **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: Any, **options: Any) -> SafeWriter:
    """The CSV writer every module uses (never `csv.writer` directly)."""
    return SafeWriter(handle, **options)


def install_spreadsheet_guard() -> None:
    """Neutralise the CSV cells of Wagtail's spreadsheet exports (every admin listing's CSV
    button, the reports, form submissions): they write with `csv.DictWriter` in
    `SpreadsheetExportMixin.write_csv_row`, which has no hook of its own."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_hromada_guarded", False):
        return

    def write_csv_row(self: Any, csv_writer: Any, row_dict: dict[str, Any]) -> Any:
        return csv_writer.writerow(
            {
                field: neutralise(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    SpreadsheetExportMixin.write_csv_row = write_csv_row  # type: ignore[method-assign]
    SpreadsheetExportMixin._hromada_guarded = True  # type: ignore[attr-defined]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        # Kyiv time with its offset (2026-12-07T22:10:00+02:00), as everywhere else, not UTC.
        return timezone.localtime(value).isoformat(timespec="seconds")
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class _LocalTimeEncoder(DjangoJSONEncoder):
    """Django's encoder, with times in Kyiv time and its offset instead of the stored UTC."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


def csv_response(
    *, filename: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]
) -> StreamingHttpResponse:
    """A streamed UTF-8 CSV (with BOM, so spreadsheet programs read Cyrillic correctly)."""
    out = writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff" + out.writerow(columns)
        for row in rows:
            yield out.writerow([_cell(row.get(column)) for column in columns])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(
    *, filename: str, columns: Sequence[str], rows: Iterable[dict[str, Any]], meta: dict[str, Any]
) -> HttpResponse:
    payload = {**meta, "data": [{c: row.get(c) for c in columns} for row in rows]}
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, cls=_LocalTimeEncoder, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


def csv_text(*, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    out = writer(buffer)
    out.writerow(columns)
    for row in rows:
        out.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()
