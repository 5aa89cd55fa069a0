"""Catalogue search: CKAN's `q`, `fq`, `sort`, `rows`, `start` and facets, on the database.

The query language (the part of Solr's that CKAN clients send) is parsed in query.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, QuerySet
from django.db.models.signals import post_save

from hromada.core import page_cache
from hromada.opendata import packages
from hromada.opendata.models import Dataset, Publisher
from hromada.opendata.query import (  # noqa: F401 - the query language, used through here
    SearchQueryError,
    UnsupportedQuery,
    field_filter,
    parse_filter_query,
    parse_time,
)

MAX_ROWS = 1000
DEFAULT_ROWS = 10
FACET_FIELDS = ("organization", "groups", "tags", "res_format", "license_id")
DEFAULT_FACET_LIMIT = 50


class ParameterError(Exception):
    """A parameter of the wrong type: CKAN's "Validation Error" (HTTP 409)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def public_datasets() -> QuerySet[Dataset]:
    page_cache.shows("opendata")
    return Dataset.objects.filter(archived=False, publisher__archived=False)


def refresh_search_text(datasets: QuerySet[Dataset]) -> int:
    """Recompose these datasets' `search_text` (made of their own fields and their
    publisher's title) where it changed, e.g. after their publisher was renamed; how many
    changed. Their packages are kept current separately (packages.py)."""
    changed = []
    rows = datasets.select_related("publisher").only(
        "id", "title", "notes", "keywords", "name", "search_text", "publisher", "publisher__title"
    )
    for dataset in rows.order_by().iterator(chunk_size=500):
        text = dataset.compose_search_text()
        if text != dataset.search_text:
            dataset.search_text = text
            changed.append(dataset)
    Dataset.objects.bulk_update(changed, ["search_text"], batch_size=500)
    return len(changed)


def _publisher_saved(sender: Any, instance: Publisher, **kwargs: Any) -> None:
    # A dataset's search text ends with its publisher's title: a rename must reach it. Only
    # the texts that do not end with the current title are read (none, unless renamed).
    ending = "\n" + instance.title.lower()
    refresh_search_text(
        Dataset.objects.filter(publisher=instance).exclude(search_text__endswith=ending)
    )


def connect() -> None:
    post_save.connect(_publisher_saved, sender=Publisher, dispatch_uid="opendata-search-publisher")


SORT_FIELDS = {
    "id": "id",
    "name": "name",
    "title": "title",
    "title_string": "title",
    "metadata_modified": "metadata_modified",
    "metadata_created": "metadata_created",
}


def parse_sort(text: str) -> list[str]:
    ordering: list[str] = []
    for part in (text or "score desc, metadata_modified desc").split(","):
        bits = part.split()
        if not bits:
            continue
        if len(bits) > 2 or (len(bits) == 2 and bits[1].lower() not in {"asc", "desc"}):
            raise SearchQueryError(f"Invalid sort: {part.strip()}")
        name, direction = bits[0], (bits[1].lower() if len(bits) == 2 else "asc")
        if name == "score":
            continue  # no relevance ranking here; the other keys decide
        if name not in SORT_FIELDS:
            raise SearchQueryError(f"Cannot sort by {name}")
        ordering.append(("-" if direction == "desc" else "") + SORT_FIELDS[name])
    if "id" not in {o.lstrip("-") for o in ordering}:
        ordering.append("id")  # a total order, so paging never repeats or skips a dataset
    return ordering


# The largest count or position a parameter may give: Solr's (a Java int), and far below
# what SQLite and PostgreSQL accept in LIMIT and OFFSET, even added together.
MAX_INTEGER = 2**31 - 1


def integer_param(params: dict[str, Any], name: str, default: int) -> int:
    """A natural number parameter, read as CKAN's `int_validator` reads it: a whole number
    or its text; anything else (1.5, Infinity, NaN, a list) is a Validation Error."""
    raw = params.get(name, default)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return default
    try:
        if isinstance(raw, float) and not (math.isfinite(raw) and raw.is_integer()):
            raise ValueError(raw)
        value = int(raw)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(name, "Invalid integer") from None
    if value < 0:
        raise ParameterError(name, "Must be a natural number")
    if value > MAX_INTEGER:
        raise ParameterError(name, f"Must be at most {MAX_INTEGER}")
    return value


def _list_param(raw: Any) -> list[str]:
    if raw in (None, ""):
        return []
    if isinstance(raw, list):
        return [str(item) for item in raw]
    try:
        parsed = json.loads(raw)
    except (TypeError, ValueError):
        return [str(raw)]
    return [str(item) for item in parsed] if isinstance(parsed, list) else [str(parsed)]


@dataclass
class SearchResult:
    count: int
    rows: list[tuple[Any, ...]]  # the page, in order: packages.ROW_FIELDS of each dataset
    sort: str
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    facet_titles: dict[str, dict[str, str]] = field(default_factory=dict)


def search(params: dict[str, Any]) -> SearchResult:
    rows = min(integer_param(params, "rows", DEFAULT_ROWS), MAX_ROWS)
    start = integer_param(params, "start", 0)
    queryset = public_datasets()
    q = str(params.get("q") or "").strip()
    if q and q not in {"*:*", "*"}:
        queryset = queryset.filter(parse_filter_query(q, allow_free_text=True))
    for fq in [*_list_param(params.get("fq_list")), str(params.get("fq") or "")]:
        if fq.strip():
            queryset = queryset.filter(parse_filter_query(fq))
    sort_text = str(params.get("sort") or "")
    ordering = parse_sort(sort_text)
    ordered = queryset.order_by(*ordering).values_list(*packages.ROW_FIELDS)
    page = list(ordered[start : start + rows]) if rows else []
    if rows and len(page) < rows and (page or start == 0):
        count = start + len(page)  # a page that is not full is the last one
    else:
        count = queryset.count()
    result = SearchResult(
        count=count, rows=page, sort=sort_text or "score desc, metadata_modified desc"
    )
    facet_fields = _list_param(params.get("facet.field"))
    if facet_fields:
        limit = integer_param(params, "facet.limit", DEFAULT_FACET_LIMIT)
        mincount = integer_param(params, "facet.mincount", 1)
        for name in facet_fields:
            if name not in FACET_FIELDS:
                raise SearchQueryError(f"Cannot facet on {name}")
            counts, titles = facet_counts(queryset, name, limit=limit, mincount=mincount)
            result.facets[name] = counts
            result.facet_titles[name] = titles
    return result


def facet_counts(
    queryset: QuerySet[Dataset], name: str, *, limit: int = DEFAULT_FACET_LIMIT, mincount: int = 1
) -> tuple[dict[str, int], dict[str, str]]:
    """{value: count} for one facet, largest first, and each value's display title.

    Grouped on the search's own rows, which must be one per dataset (the many-valued
    conditions of `field_filter` are EXISTS subqueries); formats from each dataset's list of
    its resources' formats.
    """
    base = queryset.order_by()
    if name == "organization":
        rows = base.values(facet_value=F("publisher__name"), facet_title=F("publisher__title"))
    elif name == "groups":
        rows = base.filter(groups__isnull=False).values(
            facet_value=F("groups__name"), facet_title=F("groups__title")
        )
    elif name == "tags":
        rows = base.filter(tags__isnull=False).values(
            facet_value=F("tags__name"), facet_title=F("tags__name")
        )
    elif name == "res_format":
        # Datasets grouped by their set of formats (a few dozen groups), then counted per format.
        per_format: dict[str, int] = {}
        for formats, count in base.values_list("formats").annotate(count=Count("pk")):
            for code in json.loads(formats or "[]"):
                per_format[code] = per_format.get(code, 0) + count
        ranked = sorted(per_format.items(), key=lambda item: (-item[1], item[0]))
        return _top(
            ({"facet_value": v, "facet_title": v, "count": n} for v, n in ranked),
            limit=limit,
            mincount=mincount,
        )
    else:
        rows = base.values(facet_value=F("licence"), facet_title=F("licence"))
    # One row per dataset (and per dataset and group or keyword, which are unique pairs), so
    # a plain count: a DISTINCT would sort every row.
    counted = rows.annotate(count=Count("pk")).order_by("-count", "facet_value")
    return _top(counted, limit=limit, mincount=mincount)


def _top(
    counted: Iterable[Any], *, limit: int, mincount: int
) -> tuple[dict[str, int], dict[str, str]]:
    counts: dict[str, int] = {}
    titles: dict[str, str] = {}
    for row in counted:
        if row["count"] < mincount:
            continue
        counts[row["facet_value"]] = row["count"]
        titles[row["facet_value"]] = row["facet_title"]
        if limit and len(counts) >= limit:
            break
    return counts, titles
