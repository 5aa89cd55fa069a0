"""Reads of the open-data module that other modules and the public pages use."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone

from hromada.opendata import package_dicts
from hromada.opendata.models import (
    Dataset,
    OpenDataPage,
    Resource,
    ResourceVersion,
    UpdateFrequency,
)
from hromada.opendata.search import facet_counts, public_datasets

PREVIEW_ROWS = 100
PREVIEW_MAX_BYTES = 5 * 1024 * 1024


def catalogue_page() -> OpenDataPage | None:
    return OpenDataPage.objects.live().public().order_by("path").first()


def catalogue(
    *, q: str = "", publisher: str = "", group: str = "", res_format: str = "", tag: str = ""
) -> QuerySet[Dataset]:
    """The public catalogue, filtered by the page's search box and facets."""
    from hromada.opendata.query import text_condition

    datasets = public_datasets()
    if q:
        datasets = datasets.filter(text_condition(q))
    if publisher:
        datasets = datasets.filter(publisher__name=publisher)
    from hromada.opendata.search import field_filter

    for field, value in (("groups", group), ("res_format", res_format), ("tags", tag)):
        if value:
            datasets = datasets.filter(field_filter(field, value))
    return datasets.select_related("publisher").order_by("title", "id")


def facets(datasets: QuerySet[Dataset]) -> dict[str, list[tuple[str, str, int]]]:
    """(value, title, count) per facet, for the catalogue page's filters."""
    result = {}
    for name in ("organization", "groups", "res_format", "tags"):
        counts, titles = facet_counts(datasets, name, limit=0 if name != "tags" else 30)
        result[name] = [(value, titles[value], count) for value, count in counts.items()]
    return result


def overdue_datasets(on: dt.date | None = None) -> list[Dataset]:
    on = on or timezone.localdate()
    candidates = public_datasets().exclude(
        update_frequency__in=[UpdateFrequency.ON_CHANGE, UpdateFrequency.NOT_UPDATED]
    )
    return [d for d in candidates.select_related("publisher") if d.is_overdue(on)]


def on_time_share(on: dt.date | None = None) -> tuple[int, int]:
    """(datasets updated on time, datasets with a schedule), for the dashboard."""
    on = on or timezone.localdate()
    scheduled = public_datasets().exclude(
        update_frequency__in=[UpdateFrequency.ON_CHANGE, UpdateFrequency.NOT_UPDATED]
    )
    total = scheduled.count()
    overdue = sum(1 for d in scheduled if d.is_overdue(on))
    return total - overdue, total


# --- Counts at a moment (metrics) -------------------------------------------------------------


def datasets_published_by(moment: dt.datetime) -> QuerySet[Dataset]:
    return public_datasets().filter(published_at__lt=moment)


def resources_published_by(moment: dt.datetime) -> QuerySet[Resource]:
    return Resource.objects.filter(
        archived=False,
        created__lt=moment,
        dataset__in=datasets_published_by(moment),
    )


def datasets_on_time_at(day: dt.date, moment: dt.datetime) -> int:
    """Datasets with a schedule whose last upload before `moment` kept them current on `day`."""
    from hromada.opendata.schedule import next_due

    scheduled = datasets_published_by(moment).exclude(
        update_frequency__in=[UpdateFrequency.ON_CHANGE, UpdateFrequency.NOT_UPDATED]
    )
    last_upload = dict(
        ResourceVersion.objects.filter(created__lt=moment, resource__dataset__in=scheduled)
        .values_list("resource__dataset")
        .annotate(latest=Max("created"))
        .order_by()
    )
    on_time = 0
    for pk, frequency, published_at in scheduled.values_list(
        "pk", "update_frequency", "published_at"
    ):
        changed = max(filter(None, [last_upload.get(pk), published_at]))
        due = next_due(frequency, timezone.localdate(changed))
        if due is None or day <= due:
            on_time += 1
    return on_time


# --- Preview ------------------------------------------------------------------------------


@dataclass
class Preview:
    header: list[str]
    rows: list[list[str]]
    truncated: bool
    matched: int | None = None  # rows matching the reader's filter (None: not filtered)


def filtered_preview(
    resource: Resource, *, q: str = "", column: str = "", value: str = ""
) -> Preview | None:
    """The first 100 rows matching the reader's words and column value, read from the
    resource's data table (datastore.py); unfiltered, or without a table yet, the preview."""
    from hromada.opendata import datastore

    if not q and not (column and value):
        return preview(resource)
    params: dict[str, Any] = {"q": q, "limit": PREVIEW_ROWS, "records_format": "lists"}
    if column and value:
        params["filters"] = {column: value}
    try:
        found = datastore.search(resource, params, action_url="")
    except (datastore.NotInDatastore, datastore.DatastoreError):
        return preview(resource)
    header = [f["id"] for f in found["fields"]][1:]
    rows = [["" if cell is None else str(cell) for cell in row[1:]] for row in found["records"]]
    total = found.get("total", len(rows))
    return Preview(header=header, rows=rows, truncated=total > len(rows), matched=total)


def _csv_preview(text: str) -> Preview:
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, [])
    rows = list(itertools.islice(reader, PREVIEW_ROWS + 1))
    return Preview(header=header, rows=rows[:PREVIEW_ROWS], truncated=len(rows) > PREVIEW_ROWS)


def preview(resource: Resource) -> Preview | None:
    """The first 100 rows of a CSV or XLSX resource, or None when it has no table to show."""
    if resource.live_format == "csv":
        from hromada.core import datasets as live_registry

        try:
            declared = live_registry.get(resource.dataset.live_slug)
        except KeyError:
            return None
        header = [str(column.title) for column in declared.columns]
        names = [column.name for column in declared.columns]
        rows = list(itertools.islice(declared.rows(), PREVIEW_ROWS + 1))
        return Preview(
            header=header,
            rows=[["" if row.get(n) is None else str(row.get(n)) for n in names] for row in rows][
                :PREVIEW_ROWS
            ],
            truncated=len(rows) > PREVIEW_ROWS,
        )
    version = resource.versions.order_by("-number").first()
    if version is None or version.format not in {"CSV", "XLSX"}:
        return None
    try:
        handle = version.file.open("rb")
    except OSError:  # the file is missing from storage: no preview, the page says so
        return None
    with handle:
        if version.format == "CSV":
            data = handle.read(PREVIEW_MAX_BYTES)
            text = data.decode("utf-8-sig", errors="replace")
            if len(data) == PREVIEW_MAX_BYTES:
                text = text.rsplit("\n", 1)[0]
            return _csv_preview(text)
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(handle, read_only=True, data_only=True)
        except Exception:  # a damaged spreadsheet has no preview, the download stays
            return None
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(max_row=PREVIEW_ROWS + 2, values_only=True)
        cells = [["" if c is None else str(c) for c in row] for row in values]
        workbook.close()
    if not cells:
        return None
    return Preview(
        header=cells[0],
        rows=cells[1 : PREVIEW_ROWS + 1],
        truncated=len(cells) > PREVIEW_ROWS + 1,
    )


def dataset_for_page(name: str) -> Dataset | None:
    return package_dicts.with_related(public_datasets().filter(name=name)).first()


def steward_datasets(user: Any) -> QuerySet[Dataset]:
    """What a user may see and edit: a data steward only their publishers' datasets."""
    from hromada.core import roles

    if user.is_superuser or user.groups.exclude(name=roles.DATA_STEWARD).exists():
        return Dataset.objects.all()
    return Dataset.objects.filter(publisher__stewards=user)
