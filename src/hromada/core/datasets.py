"""Live datasets: registers that modules publish as open data, generated from their records.

A module's `datasets.py` calls `register(...)`; core autodiscovers those files. The open-data
catalogue (module `opendata`) lists them with passports; each is always current because its
rows are produced from the records on request. `core.exports` writes them as CSV or JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise


@dataclass(frozen=True)
class DatasetColumn:
    name: str  # machine name, the CSV header and JSON key (latin, snake_case)
    title: str | Promise  # human label (Ukrainian via translation)
    description: str | Promise = ""


@dataclass(frozen=True)
class Watch:
    """A model whose records a live dataset reads: which of them (``rows``, all when None) and
    what of them (``fields``, lookups such as "topics__name" allowed; None: every stored field
    but auto_now ones; empty: only whether the record is among ``rows``).

    The catalogue (opendata.live) moves the dataset when a save or delete changes that: a
    comment, a photo or an edit of a field the dataset does not show leaves it alone."""

    model: str  # "app_label.ModelName"
    rows: Callable[[], QuerySet[Any]] | None = None
    fields: tuple[str, ...] | None = None


@dataclass(frozen=True)
class LiveDataset:
    slug: str  # latin [a-z0-9_-], stable: it is part of public URLs
    title: str | Promise
    description: str | Promise
    module: str
    columns: tuple[DatasetColumn, ...]
    rows: Callable[[], Iterable[dict[str, Any]]]
    update_frequency: str = "Відразу після внесення змін"  # data.gov.ua's value
    keywords: tuple[str, ...] = ()
    last_modified: Callable[[], Any] | None = None  # latest change of the underlying records
    # the models its rows read; none declared: every model of the module, any change
    watches: tuple[Watch, ...] = ()


_REGISTRY: dict[str, LiveDataset] = {}


def register(dataset: LiveDataset) -> LiveDataset:
    if dataset.slug in _REGISTRY and _REGISTRY[dataset.slug] is not dataset:
        existing = _REGISTRY[dataset.slug]
        if existing.module != dataset.module:
            raise ValueError(f"dataset {dataset.slug!r} is registered twice")
    _REGISTRY[dataset.slug] = dataset
    return dataset


def all_datasets() -> list[LiveDataset]:
    return [_REGISTRY[slug] for slug in sorted(_REGISTRY)]


def get(slug: str) -> LiveDataset:
    try:
        return _REGISTRY[slug]
    except KeyError:
        raise KeyError(f"unknown dataset {slug!r}") from None
