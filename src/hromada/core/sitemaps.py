"""Sitemap sections for records that are shown on pages of their own but are not Wagtail
pages (acts, organizations): the site's `/sitemap.xml` is an index of these and of the pages.

Each section is paged by Django at 50,000 addresses, so a register of any size stays within
the sitemap protocol's limit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap


class RecordSitemap(Sitemap):  # type: ignore[type-arg]
    """Records with a public page: subclasses give `items()` and `record_url(record)`, which
    may be relative or absolute; the sitemap adds the visitor's scheme and host itself."""

    changefreq = "monthly"

    def record_url(self, record: Any) -> str:
        raise NotImplementedError

    def location(self, item: Any) -> str:
        return urlsplit(self.record_url(item)).path

    def lastmod(self, item: Any) -> Any:
        return getattr(item, "updated_at", None)
