"""Paging for large public lists: the total is counted only up to a cap.

Counting every match of a broad query over a big register costs more than showing its first
page; past the cap the list says "more than N" and offers the first N rows, and a reader
narrows the filters for the rest (as search engines do).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

DEFAULT_CAP = 1000


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    def __init__(self, object_list: QuerySet[Any], per_page: int, *, cap: int = DEFAULT_CAP):
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap

    @cached_property
    def _counted(self) -> int:
        # Unordered, so the database stops at cap + 1 matches instead of sorting them all.
        return self.queryset.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._counted > self.cap
