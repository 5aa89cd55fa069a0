"""Reads of the organizations register: lists, counts on any date, the year-end table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hromada.core import page_cache
from hromada.core.db import ukrainian
from hromada.organizations.models import KindChoices, Organization, Status
from hromada.organizations.records import Kind

# The kinds of the seed report's table, in its column order.
TABLE_KINDS: tuple[str, ...] = (Kind.PARTY_UNIT, Kind.NGO, Kind.RELIGIOUS)
FIRST_TABLE_YEAR = 2014

EXPORT_COLUMNS = [
    "id",
    "kind",
    "name",
    "short_name",
    "edrpou",
    "legal_form",
    "registered_on",
    "terminated_on",
    "status",
    "address",
    "head",
    "parent",
    "phone",
    "email",
    "website",
]


def public_organizations() -> QuerySet[Organization]:
    page_cache.shows("organizations")
    return Organization.objects.filter(archived=False)


def active_on(date: dt.date) -> Q:
    """Registered on or before `date` and not terminated on or before it."""
    return Q(registered_on__lte=date) & (Q(terminated_on__isnull=True) | Q(terminated_on__gt=date))


def existing_on(date: dt.date, *, kind: str | None = None) -> QuerySet[Organization]:
    queryset = public_organizations().filter(active_on(date))
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    return queryset


def count_on(date: dt.date, *, kind: str | None = None) -> int:
    return existing_on(date, kind=kind).count()


def counts_on(date: dt.date) -> dict[str, int]:
    """Organizations of every kind existing on `date` (kinds with none give 0)."""
    rows = (
        public_organizations()
        .filter(active_on(date))
        .values("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    counts = dict.fromkeys(KindChoices.values, 0)
    counts.update(dict(rows))
    return counts


def registered_in(start: dt.date, end: dt.date, *, kind: str) -> QuerySet[Organization]:
    return public_organizations().filter(
        kind=kind, registered_on__gte=start, registered_on__lte=end
    )


def terminated_in(start: dt.date, end: dt.date, *, kind: str) -> QuerySet[Organization]:
    return public_organizations().filter(
        kind=kind, terminated_on__gte=start, terminated_on__lte=end
    )


def year_end_table(
    first_year: int, last_year: int, kinds: Iterable[str] = TABLE_KINDS
) -> list[tuple[int, list[int]]]:
    """Rows (year, [count of each kind on 31 December]) — the seed report's table."""
    kinds = list(kinds)
    table = []
    for year in range(first_year, last_year + 1):
        counts = counts_on(dt.date(year, 12, 31))
        table.append((year, [counts.get(kind, 0) for kind in kinds]))
    return table


def table_years() -> tuple[int, int]:
    """From 2014 (the seed's first year) or the earliest registration, to the current year."""
    today = timezone.localdate()
    earliest = (
        public_organizations()
        .filter(registered_on__isnull=False)
        .order_by("registered_on")
        .values_list("registered_on", flat=True)
        .first()
    )
    first = min(FIRST_TABLE_YEAR, earliest.year) if earliest else FIRST_TABLE_YEAR
    return max(first, FIRST_TABLE_YEAR), today.year


def register(*, kind: str | None = None, q: str = "", status: str = "") -> QuerySet[Organization]:
    """The public list: search over name, short name, EDRPOU, head and address; Ukrainian order."""
    queryset = public_organizations()
    if kind:
        queryset = queryset.filter(kind=kind)
    for word in q.split():
        # SQLite's LIKE folds the case of ASCII letters only: try the usual Cyrillic cases too.
        condition = Q()
        for variant in {word, word.lower(), word.upper(), word.capitalize()}:
            condition |= (
                Q(name__icontains=variant)
                | Q(short_name__icontains=variant)
                | Q(edrpou__contains=variant)
                | Q(head__icontains=variant)
                | Q(address__icontains=variant)
            )
        queryset = queryset.filter(condition)
    if status == Status.ACTIVE:
        queryset = queryset.filter(terminated_on__isnull=True)
    elif status == Status.TERMINATED:
        queryset = queryset.filter(terminated_on__isnull=False)
    return queryset.select_related("parent").order_by(ukrainian("name"), "id")


def export_rows(queryset: Iterable[Organization]) -> Iterator[dict[str, Any]]:
    for organization in queryset:
        yield {
            "id": organization.pk,
            "kind": organization.kind,
            "name": organization.name,
            "short_name": organization.short_name,
            "edrpou": organization.edrpou,
            "legal_form": organization.legal_form,
            "registered_on": organization.registered_on,
            "terminated_on": organization.terminated_on,
            "status": organization.status,
            "address": organization.address,
            "head": organization.head,
            "parent": organization.parent.name if organization.parent else organization.parent_name,
            "phone": organization.phone,
            "email": organization.email,
            "website": organization.website,
        }
