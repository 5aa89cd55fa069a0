"""CSV, JSON and XLSX exports shared by public registers and admin listings."""

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
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff" + writer.writerow(columns)
        for row in rows:
            yield writer.writerow([_cell(row.get(column)) for column in columns])

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
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()
