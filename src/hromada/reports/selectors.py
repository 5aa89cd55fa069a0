"""Reads of the reports module."""

from __future__ import annotations

from wagtail.models import Page

from hromada.reports.models import ActivityReportPage


def report_section() -> Page | None:
    """Where the next report goes by default: the section holding the latest published
    report (found by what it holds, not by its title, which editors may word or translate
    as they like)."""
    latest = (
        ActivityReportPage.objects.live()
        .order_by("-first_published_at", "-pk")
        .only("path", "depth")
        .first()
    )
    if latest is None:
        return None
    parent = latest.get_parent()
    return parent.specific if parent is not None else None
