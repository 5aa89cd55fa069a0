"""Rows on demand: CKAN's DataStore (`datastore_search`, `datastore_info`) for tabular
resources, so an application reads rows without downloading the file.

A CSV or XLSX version is loaded into a `DatastoreTable` when it is published (in the
background, `tasks.load_datastore`), one table per version, values typed by the dataset's
Table Schema (frictionless types) or, without one, by what every value of the column is.
A live register dataset is read from its register on each request.

The answer is CKAN's: `resource_id`, `fields` (with `_id` first), `records` in
`records_format` (`objects`, `lists`, `csv`), `limit`, `offset`, `total` (with
`include_total`), `filters`, `q`, `sort`, `distinct`, `_links`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from hromada.opendata.models import DatastoreRow, DatastoreTable, Resource, ResourceVersion

DEFAULT_LIMIT = 100
MAX_LIMIT = 32000  # CKAN's ckan.datastore.search.rows_max
TABULAR = {"CSV", "XLSX"}
# frictionless → CKAN DataStore types
TYPES = {
    "integer": "int",
    "number": "numeric",
    "date": "date",
    "datetime": "timestamp",
    "boolean": "bool",
}


class DatastoreError(Exception):
    """A parameter CKAN's DataStore refuses: a Validation Error naming the field."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


# --- Loading ------------------------------------------------------------------------------


def _read_cells(version: ResourceVersion) -> list[list[str]]:
    with version.file.open("rb") as handle:
        if version.format == "CSV":
            text = handle.read().decode("utf-8-sig", errors="replace")
            return [row for row in csv.reader(io.StringIO(text)) if row]
        from openpyxl import load_workbook

        workbook = load_workbook(handle, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [
                ["" if c is None else str(c) for c in row]
                for row in sheet.iter_rows(values_only=True)
                if any(c is not None for c in row)
            ]
        finally:
            workbook.close()


def _guess(values: Iterable[str]) -> str:
    kinds = {"int", "numeric", "date"}
    seen = False
    for value in values:
        if value == "":
            continue
        seen = True
        if "int" in kinds and not _parses(int, value):
            kinds.discard("int")
        if "numeric" in kinds and not _parses(float, value.replace(",", ".")):
            kinds.discard("numeric")
        if "date" in kinds and not _parses(dt.date.fromisoformat, value):
            kinds.discard("date")
        if not kinds:
            return "text"
    if not seen:
        return "text"
    for kind in ("int", "numeric", "date"):
        if kind in kinds:
            return kind
    return "text"  # pragma: no cover


def _parses(function: Any, value: str) -> bool:
    try:
        function(value)
    except (ValueError, OverflowError):
        return False
    return True


def convert(kind: str, value: str) -> Any:
    """A cell's text as the JSON value of its type (None when empty or not of the type)."""
    if value == "":
        return None
    try:
        if kind == "int":
            return int(value)
        if kind == "numeric":
            number = float(value.replace(",", "."))
            return int(number) if number.is_integer() and "." not in value else number
        if kind == "bool":
            return value.strip().lower() in {"true", "1", "так", "yes"}
        if kind == "date":
            return dt.date.fromisoformat(value).isoformat()
        if kind == "timestamp":
            return dt.datetime.fromisoformat(value).isoformat()
    except (ValueError, OverflowError):
        return value
    return value


def field_types(header: Sequence[str], columns: list[list[str]], schema: Any) -> list[str]:
    declared: dict[str, str] = {}
    if isinstance(schema, dict):
        for item in schema.get("fields") or []:
            if isinstance(item, dict) and item.get("name"):
                declared[str(item["name"])] = TYPES.get(str(item.get("type")), "text")
    return [
        declared.get(name) or _guess(column) for name, column in zip(header, columns, strict=False)
    ]


def load(version: ResourceVersion) -> DatastoreTable | None:
    """Load a tabular version's rows (again, if loaded before); None if it is not a table."""
    if version.format not in TABULAR:
        return None
    try:
        cells = _read_cells(version)
    except Exception as error:  # a damaged file: the table says why, the download stays
        table, _created = DatastoreTable.objects.update_or_create(
            version=version, defaults={"error": str(error)[:500], "loaded_at": timezone.now()}
        )
        return table
    header = [name.strip() or f"column_{i + 1}" for i, name in enumerate(cells[0] if cells else [])]
    body = [row + [""] * (len(header) - len(row)) for row in cells[1:]]
    columns = [[row[i] for row in body] for i in range(len(header))]
    types = field_types(header, columns, version.resource.dataset.table_schema)
    with transaction.atomic():
        table, _created = DatastoreTable.objects.update_or_create(
            version=version,
            defaults={
                "fields": [{"id": n, "type": t} for n, t in zip(header, types, strict=True)],
                "row_count": len(body),
                "loaded_at": timezone.now(),
                "error": "",
            },
        )
        table.rows.all().delete()
        DatastoreRow.objects.bulk_create(
            (
                DatastoreRow(
                    table=table,
                    number=number,
                    data={
                        n: convert(t, row[i])
                        for i, (n, t) in enumerate(zip(header, types, strict=True))
                    },
                    text="\n".join(row[: len(header)]).lower(),
                )
                for number, row in enumerate(body, start=1)
            ),
            batch_size=2000,
        )
    return table


def load_version(version_id: Any) -> None:
    version = (
        ResourceVersion.objects.select_related("resource__dataset").filter(pk=version_id).first()
    )
    if version is not None:
        load(version)


# --- Searching ----------------------------------------------------------------------------


@dataclass
class Query:
    filters: dict[str, Any]
    q: str
    fields: list[str] | None
    sort: list[tuple[str, bool]]  # (field, descending)
    limit: int
    offset: int
    distinct: bool
    include_total: bool
    records_format: str


def _integer(params: dict[str, Any], name: str, default: int) -> int:
    raw = params.get(name, default)
    if raw in (None, ""):
        return default
    try:
        if isinstance(raw, float) and not raw.is_integer():
            raise ValueError(raw)
        value = int(raw)
    except (TypeError, ValueError, OverflowError):
        raise DatastoreError(name, "Invalid integer") from None
    if value < 0:
        raise DatastoreError(name, "Must be a natural number")
    return value


def _json_param(raw: Any, name: str) -> Any:
    if isinstance(raw, str) and raw.strip().startswith(("{", "[")):
        try:
            return json.loads(raw)
        except ValueError:
            raise DatastoreError(name, "Invalid JSON") from None
    return raw


def _flag(value: Any, default: bool) -> bool:
    if value in (None, ""):
        return default
    return value is True or str(value).lower() in {"true", "1", "yes"}


def parse(params: dict[str, Any], names: list[str]) -> Query:
    known = ["_id", *names]
    filters = _json_param(params.get("filters") or {}, "filters")
    if not isinstance(filters, dict):
        raise DatastoreError("filters", "Not a JSON object")
    for key in filters:
        if key not in known:
            raise DatastoreError("filters", f"field “{key}” not in table")
    fields_raw = _json_param(params.get("fields"), "fields")
    fields: list[str] | None = None
    if fields_raw not in (None, "", []):
        items = fields_raw if isinstance(fields_raw, list) else str(fields_raw).split(",")
        fields = [str(item).strip() for item in items if str(item).strip()]
        for name in fields:
            if name not in known:
                raise DatastoreError("fields", f"field “{name}” not in table")
    sort: list[tuple[str, bool]] = []
    sort_raw = _json_param(params.get("sort"), "sort")
    if sort_raw:
        parts = sort_raw if isinstance(sort_raw, list) else str(sort_raw).split(",")
        for part in parts:
            bits = str(part).strip().strip('"').split()
            if not bits:
                continue
            name = bits[0].strip('"')
            direction = bits[1].lower() if len(bits) > 1 else "asc"
            if name not in known or direction not in {"asc", "desc"} or len(bits) > 2:
                raise DatastoreError("sort", f"field “{name}” not in table")
            sort.append((name, direction == "desc"))
    records_format = str(params.get("records_format") or "objects")
    if records_format not in {"objects", "lists", "csv"}:
        raise DatastoreError("records_format", "Value must be one of objects, lists, csv")
    q = params.get("q") or ""
    if isinstance(q, dict):
        raise DatastoreError("q", "Full text search on one field is not supported here")
    return Query(
        filters=filters,
        q=str(q),
        fields=fields,
        sort=sort,
        limit=min(_integer(params, "limit", DEFAULT_LIMIT), MAX_LIMIT),
        offset=_integer(params, "offset", 0),
        distinct=_flag(params.get("distinct"), False),
        include_total=_flag(params.get("include_total"), True),
        records_format=records_format,
    )


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _typed(kind: str, value: Any) -> Any:
    return convert(kind, value) if isinstance(value, str) else value


def _stored(table: DatastoreTable, query: Query) -> tuple[list[dict[str, Any]], int | None]:
    types = {f["id"]: f["type"] for f in table.fields}
    rows: QuerySet[DatastoreRow] = table.rows.all()
    for name, wanted in query.filters.items():
        values = _as_list(wanted)
        if name == "_id":
            try:
                rows = rows.filter(number__in=[int(v) for v in values])
            except (TypeError, ValueError):
                raise DatastoreError("filters", "_id must be a whole number") from None
            continue
        condition = Q()
        for value in values:
            typed = _typed(types[name], value)
            condition |= (
                Q(**{f"data__{name}": typed})
                if typed is not None
                else Q(**{f"data__{name}__isnull": True})
            )
        rows = rows.filter(condition)
    for word in query.q.lower().split():
        rows = rows.filter(text__contains=word)
    ordering = []
    for name, descending in query.sort:
        column = F("number") if name == "_id" else F(f"data__{name}")
        ordering.append(column.desc(nulls_last=True) if descending else column.asc(nulls_last=True))
    ordering.append(F("number").asc())
    rows = rows.order_by(*ordering)
    if query.distinct:
        # Distinct over the fields asked for: done on the ordered rows, first kept.
        seen: set[str] = set()
        unique: list[dict[str, Any]] = []
        wanted_fields = query.fields or [f["id"] for f in table.fields]
        for number, data in rows.values_list("number", "data").iterator(chunk_size=2000):
            record = {"_id": number, **data}
            key = json.dumps([record.get(f) for f in wanted_fields if f != "_id"])
            if key not in seen:
                seen.add(key)
                unique.append(record)
        return unique[query.offset : query.offset + query.limit], len(unique)
    total = rows.count() if query.include_total else None
    page = rows[query.offset : query.offset + query.limit].values_list("number", "data")
    return [{"_id": number, **data} for number, data in page], total


def _live_rows(resource: Resource) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """A live register's rows now (dates as ISO text), and its fields typed by their values."""
    from hromada.core import datasets as live_registry

    declared = live_registry.get(resource.dataset.live_slug)
    names = [column.name for column in declared.columns]
    rows = []
    for number, row in enumerate(declared.rows(), start=1):
        record: dict[str, Any] = {"_id": number}
        for name in names:
            value = row.get(name)
            record[name] = value.isoformat() if isinstance(value, dt.date) else value
        rows.append(record)
    samples = {n: [str(r[n]) for r in rows if r[n] not in (None, "")] for n in names}
    return rows, [{"id": n, "type": _guess(samples[n])} for n in names]


def _live(
    rows: list[dict[str, Any]], names: list[str], query: Query
) -> tuple[list[dict[str, Any]], int | None]:
    for name, wanted in query.filters.items():
        values = {str(v) for v in _as_list(wanted)}
        rows = [r for r in rows if str(r.get(name)) in values]
    for word in query.q.lower().split():
        rows = [r for r in rows if any(word in str(v).lower() for v in r.values() if v is not None)]
    for name, descending in reversed(query.sort):
        rows.sort(key=lambda r: (r.get(name) is None, r.get(name) or ""), reverse=descending)
    if query.distinct:
        seen: set[str] = set()
        unique = []
        for record in rows:
            key = json.dumps(
                [record.get(f) for f in (query.fields or names) if f != "_id"], default=str
            )
            if key not in seen:
                seen.add(key)
                unique.append(record)
        rows = unique
    total = len(rows) if query.include_total else None
    return rows[query.offset : query.offset + query.limit], total


def find_resource(resource_id: Any) -> Resource | None:
    import uuid

    from hromada.opendata.search import public_datasets

    try:
        key = uuid.UUID(str(resource_id))
    except ValueError:
        return None
    return (
        Resource.objects.filter(pk=key, archived=False, dataset__in=public_datasets())
        .select_related("dataset")
        .first()
    )


def current_table(resource: Resource) -> DatastoreTable | None:
    version = resource.versions.order_by("-number").first()
    if version is None or version.format not in TABULAR:
        return None
    return DatastoreTable.objects.filter(version=version, error="").first()


class NotInDatastore(Exception):
    pass


def search(resource: Resource, params: dict[str, Any], *, action_url: str) -> dict[str, Any]:
    if resource.live_format == "csv" and resource.dataset.live_slug:
        rows, fields = _live_rows(resource)
        query = parse(params, [f["id"] for f in fields])
        records, total = _live(rows, [f["id"] for f in fields], query)
    elif resource.live_format:
        raise NotInDatastore  # the JSON twin of a live CSV: the CSV one has the rows
    else:
        table = current_table(resource)
        if table is None:
            raise NotInDatastore
        fields = list(table.fields)
        query = parse(params, [f["id"] for f in fields])
        records, total = _stored(table, query)
    names = ["_id", *[f["id"] for f in fields]]
    if query.fields:
        names = [n for n in names if n in query.fields]
    described = [{"id": "_id", "type": "int"}, *fields]
    described = [f for f in described if f["id"] in names]
    result: dict[str, Any] = {
        "include_total": query.include_total,
        "resource_id": str(resource.id),
        "fields": described,
        "records_format": query.records_format,
        "limit": query.limit,
        "_links": {
            "start": f"{action_url}?resource_id={resource.id}",
            "next": f"{action_url}?offset={query.offset + query.limit}&resource_id={resource.id}",
        },
    }
    if query.offset:
        result["offset"] = query.offset
    if query.filters:
        result["filters"] = query.filters
    if query.q:
        result["q"] = query.q
    if query.sort:
        result["sort"] = ", ".join(f"{n} {'desc' if d else 'asc'}" for n, d in query.sort)
    if query.distinct:
        result["distinct"] = True
    if total is not None:
        result["total"] = total
        result["total_was_estimated"] = False
    if query.records_format == "objects":
        result["records"] = [{n: r.get(n) for n in names} for r in records]
    elif query.records_format == "lists":
        result["records"] = [[r.get(n) for n in names] for r in records]
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        for r in records:
            writer.writerow(["" if r.get(n) is None else r.get(n) for n in names])
        result["records"] = out.getvalue()
    return result


def info(resource: Resource) -> dict[str, Any]:
    if resource.live_format == "csv" and resource.dataset.live_slug:
        rows, fields = _live_rows(resource)
        total = len(rows)
    else:
        table = current_table(resource)
        if table is None:
            raise NotInDatastore
        fields, total = list(table.fields), table.row_count
    return {
        "meta": {
            "id": str(resource.id),
            "count": total,
            "table_type": "BASE TABLE",
            "aliases": [],
        },
        "fields": [
            {"id": f["id"], "type": f["type"], "schema": {"native_type": f["type"]}} for f in fields
        ],
    }
