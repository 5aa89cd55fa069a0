"""The activity report, built from the metrics registry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Page

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.core.models import HistoricalFigure
from hromada.core.selectors import city_profile
from hromada.core.text import transliterate
from hromada.core.types import Actor

if TYPE_CHECKING:
    from hromada.reports.models import ActivityReportPage

FIRST_HISTORY_YEAR = 2011


def _history_years(period: Period) -> range:
    return range(FIRST_HISTORY_YEAR, period.start.year)


def _records_since() -> dt.date | None:
    return city_profile().records_since


def _year_has_records(metric: metrics.Metric, year: int) -> bool:
    """Whether records were made in ``year`` for this figure. A stock figure (organizations
    existing at the period's end) counts older records too: it shows activity in the year
    only when the whole year counts more than its first day alone."""
    period = Period.year(year)
    if not any(queryset.exists() for queryset in metric.record_sets(period)):
        return False
    first_day = Period(period.start, period.start)
    return metric.compute(period) > metric.compute(first_day)


def default_year(today: dt.date | None = None) -> int:
    """The year the admin pages open on: this year when records were made in it, otherwise
    the latest earlier year with records (or historical figures), otherwise this year."""
    this_year = (today or timezone.localdate()).year
    counted = [metric for metric in metrics.all_metrics() if metric.records is not None]
    for year in range(this_year, FIRST_HISTORY_YEAR - 1, -1):
        if any(_year_has_records(metric, year) for metric in counted):
            return year
    latest = HistoricalFigure.objects.filter(year__lte=this_year).order_by("-year").first()
    return latest.year if latest is not None else this_year


def metric_value(
    metric: metrics.Metric, period: Period, official: dict[tuple[str, int], int]
) -> tuple[int, str]:
    """The figure for the period and where it came from ("historical" or "records")."""
    if period.is_calendar_year and (metric.key, period.start.year) in official:
        return official[(metric.key, period.start.year)], "historical"
    return metric.compute(period), "records"


def build_report(period: Period) -> dict[str, Any]:
    """Every registered figure for the period, with earlier years' values as history.

    History holds each earlier year with an official historical figure, and each earlier
    year since the city's records began (CityProfile.records_since) computed from records.
    """
    official = {(f.metric, f.year): f.value for f in HistoricalFigure.objects.all()}
    records_since = _records_since()
    result: dict[str, Any] = {}
    for metric in metrics.all_metrics():
        value, source = metric_value(metric, period, official)
        history: dict[str, int] = {}
        history_sources: dict[str, str] = {}
        for year in _history_years(period):
            if (metric.key, year) in official:
                history[str(year)] = official[(metric.key, year)]
                history_sources[str(year)] = "historical"
            elif records_since is not None and year >= records_since.year:
                history[str(year)] = metric.compute(Period.year(year))
                history_sources[str(year)] = "records"
        result[metric.key] = {
            "label": str(metric.label),
            # the unit agreeing with the value, in the active language ("838 документів")
            "unit": metric.unit_for(value),
            "value": value,
            "source": source,
            "history": history,
            "history_sources": history_sources,
        }
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "metrics": result,
        "lists": build_lists(period),
    }


def build_lists(period: Period) -> list[dict[str, Any]]:
    """The registered report lists (events, trainings, commissions…) for the period."""
    lists = []
    for report_list in metrics.all_lists():
        items = sorted(report_list.compute(period), key=lambda item: (item.date, item.title))
        lists.append(
            {
                "key": report_list.key,
                "label": str(report_list.label),
                "items": [_list_item(item) for item in items],
            }
        )
    return lists


def _list_item(item: metrics.ListItem) -> dict[str, Any]:
    row: dict[str, Any] = {
        "date": item.date.isoformat(),
        "end_date": item.end_date.isoformat() if item.end_date else None,
        "title": item.title,
        "details": item.details,
    }
    if item.sessions:  # an event held in parts: [[first day, last day or null], …]
        row["sessions"] = [
            [start.isoformat(), end.isoformat() if end else None] for start, end in item.sessions
        ]
    return row


AVAILABLE_FORMATS = ("json", "html", "docx", "pdf")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def render(
    report: dict[str, Any],
    *,
    output_format: str,
    template: bytes | None = None,
    signatory: str = "",
) -> bytes:
    """The report in one of AVAILABLE_FORMATS; ``template`` is a DOCX template's bytes and
    ``signatory`` the head's name on the title page's signature line (blank when empty).

    Raises rendering.IncompleteProfile (a ValueError) for a printed format when the city
    profile has no office name."""
    if output_format == "json":
        return json.dumps(report, ensure_ascii=False, indent=2).encode()
    if output_format == "html":
        from hromada.reports.rendering import render_html

        return render_html(report, signatory=signatory).encode()
    if output_format == "docx":
        from hromada.reports.docx import render_docx

        return render_docx(
            report, template=template or default_template_bytes(), signatory=signatory
        )
    if output_format == "pdf":
        from hromada.reports.rendering import render_pdf

        return render_pdf(report, signatory=signatory)
    raise ValueError(
        _("Unknown format %(format)s; use one of: %(formats)s.")
        % {"format": output_format, "formats": ", ".join(AVAILABLE_FORMATS)}
    )


def default_template_bytes() -> bytes | None:
    """The DOCX template staff marked as default, or None for the built-in one."""
    from hromada.reports.models import ReportTemplate

    chosen = ReportTemplate.objects.filter(is_default=True).order_by("-uploaded_at").first()
    return chosen.read() if chosen is not None else None


def write_report(
    *,
    period: Period,
    output_format: str,
    path: Path,
    template: bytes | None = None,
    signatory: str = "",
) -> Path:
    """Write the report to ``path`` atomically: a failed run leaves no partial file."""
    body = render(
        build_report(period), output_format=output_format, template=template, signatory=signatory
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_bytes(body)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def compare_periods(*, current: Period, earlier: Period) -> list[dict[str, Any]]:
    """Every figure for two periods, grouped by module, for the admin dashboard."""
    from django.apps import apps

    from hromada.reports.rendering import bar_chart

    # A whole calendar year shows its official historical figure, as the report does, so
    # both agree on every figure for the same period.
    official = {(f.metric, f.year): f.value for f in HistoricalFigure.objects.all()}
    modules: dict[str, dict[str, Any]] = {}
    for metric in metrics.all_metrics():
        (now, now_source), (before, before_source) = (
            metric_value(metric, current, official),
            metric_value(metric, earlier, official),
        )
        if metric.module not in modules:
            label: Any = metric.module
            if apps.is_installed(f"hromada.{metric.module}"):
                label = apps.get_app_config(metric.module).verbose_name
            modules[metric.module] = {"title": str(label), "rows": []}
        modules[metric.module]["rows"].append(
            {
                "key": metric.key,
                "label": str(metric.label),
                "current": now,
                "current_unit": metric.unit_for(now),
                "earlier": before,
                "earlier_unit": metric.unit_for(before),
                "change": now - before,
                "current_historical": now_source == "historical",
                "earlier_historical": before_source == "historical",
                "has_records": metric.records is not None and now_source == "records",
                "chart": bar_chart(
                    title=str(metric.label),
                    points=[(str(earlier.end.year), before), (str(current.end.year), now)],
                ),
            }
        )
    return list(modules.values())


@transaction.atomic
def publish_report(
    *, period: Period, parent: Page, title: str, user: Actor, intro: str = ""
) -> ActivityReportPage:
    """Publish the report for ``period`` as a page under ``parent`` ("Звіти про роботу").

    The page keeps a snapshot of the figures as they were when it was published.
    """
    from hromada.reports.models import ActivityReportPage
    from hromada.reports.rendering import render_body

    permissions = parent.permissions_for_user(user)
    if not (permissions.can_add_subpage() and permissions.can_publish_subpage()):
        raise PermissionDenied(_("You may not publish pages in this section."))
    report = build_report(period)
    base_slug = slugify(transliterate(title))[:200] or f"report-{period.start:%Y}"
    slug, number = base_slug, 1
    while parent.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base_slug}-{number}"
    page = ActivityReportPage(
        title=title,
        slug=slug,
        period_start=period.start,
        period_end=period.end,
        intro=intro,
        body_html=render_body(report),
        report_json=report,
        owner=user,
    )
    parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page
