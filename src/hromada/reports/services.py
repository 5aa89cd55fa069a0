"""The activity report, built from the metrics registry."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.core.models import HistoricalFigure
from hromada.core.selectors import city_profile

FIRST_HISTORY_YEAR = 2011


def _history_years(period: Period) -> range:
    return range(FIRST_HISTORY_YEAR, period.start.year)


def _records_since() -> dt.date | None:
    return city_profile().records_since


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
            "unit": str(metric.unit),
            "value": value,
            "source": source,
            "history": history,
            "history_sources": history_sources,
        }
    return {"from": period.start.isoformat(), "to": period.end.isoformat(), "metrics": result}


AVAILABLE_FORMATS = ("json", "html")


def render(report: dict[str, Any], *, output_format: str) -> str:
    if output_format == "json":
        return json.dumps(report, ensure_ascii=False, indent=2)
    if output_format == "html":
        from hromada.reports.rendering import render_html

        return render_html(report)
    raise ValueError(
        _("Format %(format)s is not available yet; use json or html.") % {"format": output_format}
    )


def write_report(*, period: Period, output_format: str, path: Path) -> Path:
    if output_format not in AVAILABLE_FORMATS:
        raise ValueError(
            _("Format %(format)s is not available yet; use json or html.")
            % {"format": output_format}
        )
    text = render(build_report(period), output_format=output_format)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # never leave a half-written report behind
    finally:
        tmp.unlink(missing_ok=True)
    return path
