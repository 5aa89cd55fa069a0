"""The site search's other sections: modules whose records have pages of their own but are not
Wagtail pages (acts, organizations) register a search here, and `/search/` shows each
section's first matches beside the pages and documents.

A module registers in its `AppConfig.ready()`:

    sitesearch.register(key="acts", label=_("Council acts"), search=search_acts)

`browse(query)`, if given, is the address of the register's own search (with its filters),
offered when the site search finds nothing anywhere.

`search(query, limit)` returns a `Found`: at most `limit` hits, how many matched (counted up to
COUNT_CAP, so a common word costs no full count), and the address of the full list, if any."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.functional import Promise

COUNT_CAP = 1000


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    details: str = ""  # e.g. the kind, number and date of an act


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    count: int
    more_url: str = ""

    @property
    def capped(self) -> bool:
        return self.count >= COUNT_CAP


@dataclass(frozen=True)
class Section:
    key: str
    label: str | Promise
    search: Callable[[str, int], Found] = field(repr=False)
    # The address of the register's own search for a query ("" when it has no public page):
    # offered when the site search finds nothing.
    browse: Callable[[str], str] | None = field(default=None, repr=False)


_SECTIONS: dict[str, Section] = {}


def register(
    *,
    key: str,
    label: str | Promise,
    search: Callable[[str, int], Found],
    browse: Callable[[str], str] | None = None,
) -> None:
    _SECTIONS[key] = Section(key=key, label=label, search=search, browse=browse)


def sections() -> list[Section]:
    return list(_SECTIONS.values())


def search_sections(query: str, *, limit: int = 10) -> list[tuple[Section, Found]]:
    """Every registered section that found something for the query, in registration order."""
    results = []
    for section in _SECTIONS.values():
        found = section.search(query, limit)
        if found.hits:
            results.append((section, found))
    return results


def browse_links(query: str) -> list[tuple[Section, str]]:
    """Each register's own search for the query, for a site search that found nothing."""
    links = []
    for section in _SECTIONS.values():
        url = section.browse(query) if section.browse else ""
        if url:
            links.append((section, url))
    return links
