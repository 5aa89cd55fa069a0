"""Search-index helpers shared by modules.

Rows written with `bulk_create` send no signals, so Wagtail never indexes them; demos and
imports that write in bulk index what they wrote with `index_in_bulk`, a few queries per
chunk instead of one task per object.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

CHUNK_SIZE = 500


def index_in_bulk(
    model: type[models.Model], objects: Iterable[Any], *, chunk_size: int = CHUNK_SIZE
) -> int:
    """Add `objects` of `model` to every search backend that updates itself; returns how many
    were indexed."""
    from wagtail.search.backends import get_search_backends

    backends = list(get_search_backends(with_auto_update=True))
    count = 0
    chunk: list[Any] = []
    for obj in objects:
        chunk.append(obj)
        if len(chunk) == chunk_size:
            count += _add(backends, model, chunk)
            chunk = []
    if chunk:
        count += _add(backends, model, chunk)
    return count


def _add(backends: list[Any], model: type[models.Model], chunk: list[Any]) -> int:
    for backend in backends:
        backend.add_bulk(model, chunk)
    return len(chunk)
