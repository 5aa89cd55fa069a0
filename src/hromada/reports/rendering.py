"""The report as a readable document: HTML with multi-year charts drawn on the server."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from hromada.core.selectors import city_profile

CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 360, 120, 4


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
            f'fill="{"#0b4f8a" if last else "#8aa9c6"}"/>'
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


def render_html(report: dict[str, Any]) -> str:
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
            }
        )
    return render_to_string(
        "reports/report.html",
        {
            "report": report,
            "profile": profile,
            "sections": list(sections.values()),
            "date_from": dt.date.fromisoformat(report["from"]),
            "date_to": dt.date.fromisoformat(report["to"]),
        },
    )
