"""The report as a readable document: HTML with multi-year charts drawn on the server."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from hromada.core import metrics
from hromada.core.selectors import city_profile

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 360, 120, 4
# Greys that stay apart when printed in black and white: the report's year darkest.
CURRENT_FILL, EARLIER_FILL = "#262626", "#a6a6a6"


class IncompleteProfile(ValueError):
    """The city profile lacks what the printed report names (the office)."""


def require_office_name() -> None:
    """Refuse to print "підрозділом «»": the report names the office on every page."""
    if not city_profile().office_name.strip():
        raise IncompleteProfile(
            _(
                "The city profile has no office name: fill in “communications office name” "
                "under Settings → City profile, then generate the report again."
            )
        )


def ukrainian_number(value: int) -> str:
    """1 600 with a non-breaking space, as the seed report writes figures."""
    return number_format(value, force_grouping=True)


def comparison(history: dict[str, int]) -> str:
    """ "у 2019 — 1 168, у 2018 — 1 170": the earlier years, newest first."""
    parts = [
        _("in %(year)s — %(value)s") % {"year": year, "value": ukrainian_number(value)}
        for year, value in sorted(history.items(), reverse=True)
    ]
    return ", ".join(parts)


def bar_chart(*, title: str, points: list[tuple[str, int]]) -> str:
    """An SVG bar chart of yearly values; readable by screen readers through its title."""
    if len(points) < 2:
        return ""
    top = max(value for _, value in points) or 1
    bar_width = (CHART_WIDTH - BAR_GAP * (len(points) + 1)) / len(points)
    bars = []
    for index, (year, value) in enumerate(points):
        height = round((CHART_HEIGHT - 30) * value / top)
        x = BAR_GAP + index * (bar_width + BAR_GAP)
        y = CHART_HEIGHT - 16 - height
        last = index == len(points) - 1
        bars.append(
            f'<rect x="{x:.1f}" y="{y}" width="{bar_width:.1f}" height="{height}" '
            f'fill="{CURRENT_FILL if last else EARLIER_FILL}"/>'
            f'<text x="{x + bar_width / 2:.1f}" y="{CHART_HEIGHT - 3}" font-size="9" '
            f'text-anchor="middle">{escape(year)}</text>'
            f'<text x="{x + bar_width / 2:.1f}" y="{y - 3}" font-size="9" '
            f'text-anchor="middle">{escape(ukrainian_number(value))}</text>'
        )
    description = "; ".join(f"{year}: {ukrainian_number(value)}" for year, value in points)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{CHART_WIDTH}" '
        f'height="{CHART_HEIGHT}" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}">'
        f"<title>{escape(title)}: {escape(description)}</title>{''.join(bars)}</svg>"
    )


def evidence_url(key: str, figure: dict[str, Any], *, date_from: str, date_to: str) -> str:
    """Where a figure can be checked: the admin list of the records it counts for the period,
    or the historical figure it was taken from. Empty when neither exists."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    if figure["source"] == "historical":
        query = urlencode({"metric": key, "year": date_from[:4]})
        return f"{base}{reverse('historical_figures:index')}?{query}"
    try:
        metric = metrics.get(key)
    except KeyError:
        return ""
    if metric.records is None:
        return ""
    query = urlencode({"from": date_from, "to": date_to})
    return f"{base}{reverse('activity_report:records', args=[key])}?{query}"


def report_context(report: dict[str, Any]) -> dict[str, Any]:
    """What both the HTML and the DOCX show: sections of figures, the organizations table
    and the lists (events, trainings, commissions) registered by the modules."""
    profile = city_profile()
    end_year = report["to"][:4]
    sections: dict[str, dict[str, Any]] = {}
    for key, figure in report["metrics"].items():
        module = key.split(".", 1)[0]
        if module not in sections:
            config = apps.get_app_config(module) if apps.is_installed(f"hromada.{module}") else None
            sections[module] = {"title": str(config.verbose_name) if config else module, "rows": []}
        points = [*sorted(figure["history"].items()), (end_year, figure["value"])]
        sections[module]["rows"].append(
            {
                "key": key,
                "label": figure["label"],
                "value": ukrainian_number(figure["value"]),
                "unit": figure["unit"],
                "historical": figure["source"] == "historical",
                "comparison": comparison(figure["history"]),
                "chart": bar_chart(title=figure["label"], points=points),
                "url": evidence_url(key, figure, date_from=report["from"], date_to=report["to"]),
            }
        )
    return {
        "report": report,
        "profile": profile,
        "sections": list(sections.values()),
        "date_from": dt.date.fromisoformat(report["from"]),
        "date_to": dt.date.fromisoformat(report["to"]),
        "is_year": metrics.Period(
            dt.date.fromisoformat(report["from"]), dt.date.fromisoformat(report["to"])
        ).is_calendar_year,
        "lists": [
            {
                "key": report_list["key"],
                "label": report_list["label"],
                # not "items": in a DOCX template `list.items` would be the dict's method
                "entries": [
                    {
                        **item,
                        "dates": date_range_text(
                            item["date"], item["end_date"], item.get("sessions")
                        ),
                    }
                    for item in report_list["items"]
                ],
            }
            for report_list in report.get("lists", [])
        ],
        "organizations_table": organizations_table(report),
    }


def date_range_text(start: str, end: str | None, sessions: list[Any] | None = None) -> str:
    """ "04.03.2020", "04.03.2020 – 06.03.2020", or an event's sessions
    "22–23.07 і 27–28.07.2020" (reports published before sessions existed have none)."""
    if sessions:
        return metrics.sessions_text(
            [
                (dt.date.fromisoformat(first), dt.date.fromisoformat(last) if last else None)
                for first, last in sessions
            ]
        )
    first = dt.date.fromisoformat(start).strftime("%d.%m.%Y")
    if not end or end == start:
        return first
    return f"{first} – {dt.date.fromisoformat(end).strftime('%d.%m.%Y')}"


def organizations_table(report: dict[str, Any]) -> dict[str, Any] | None:
    """The seed's table: years as rows, the register's kinds as columns, from the figures
    `organizations.<kind>` and their history. None when the module is not installed."""
    if not apps.is_installed("hromada.organizations"):
        return None
    from hromada.organizations.selectors import TABLE_KINDS

    end_year = report["to"][:4]
    columns = []
    values: dict[str, dict[str, int]] = {}
    for kind in TABLE_KINDS:
        figure = report["metrics"].get(f"organizations.{kind}")
        if figure is None:
            continue
        columns.append(figure["label"])
        for year, value in [*figure["history"].items(), (end_year, figure["value"])]:
            values.setdefault(year, {})[figure["label"]] = value
    rows = [
        {
            "year": year,
            "cells": [
                ukrainian_number(values[year][c]) if c in values[year] else "—" for c in columns
            ],
        }
        for year in sorted(values)
    ]
    return {"columns": columns, "rows": rows} if rows else None


def render_html(report: dict[str, Any], *, evidence_links: bool = True, signatory: str = "") -> str:
    """The whole document: title page, then the body. On screen each counted figure links
    to its records; the print (PDF) has no links (admin addresses mean nothing on paper)."""
    require_office_name()
    return render_to_string(
        "reports/report.html",
        {**report_context(report), "evidence_links": evidence_links, "signatory": signatory},
    )


def render_body(report: dict[str, Any]) -> str:
    """The report's sections, tables and lists without the page around them, for the portal
    (no admin links: residents cannot open them)."""
    return render_to_string(
        "reports/includes/report_body.html", {**report_context(report), "evidence_links": False}
    )


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The report embeds everything it shows (SVG charts inline); never reach the network.
    raise ValueError(f"the PDF renderer does not fetch {url}")


def render_pdf(report: dict[str, Any], *, signatory: str = "") -> bytes:
    """The HTML report printed to PDF by WeasyPrint (charts are inline SVG)."""
    from PIL import ImageFile
    from weasyprint import HTML

    # Importing WeasyPrint switches Pillow to accept truncated images for the whole process;
    # uploads must keep refusing them (core.uploads), and the report embeds no raster images.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    pdf = HTML(
        string=render_html(report, evidence_links=False, signatory=signatory),
        url_fetcher=_no_fetching,
    ).write_pdf()
    return bytes(pdf or b"")
