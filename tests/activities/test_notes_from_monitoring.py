"""A note drafted in the monitoring module counts once as an activity of its kind."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.monitoring.models import InformationNote

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["weekly_note", "daily_note"])
def test_monitoring_notes_count_as_activities(kind: str) -> None:
    period = Period(dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    figure = metrics.get(f"activities.{kind}")
    before = figure.compute(period)
    InformationNote.objects.create(
        kind=kind,
        title="Інформаційна довідка",
        period_start=dt.date(2031, 3, 2),
        period_end=dt.date(2031, 3, 6),
        prepared_on=dt.date(2031, 3, 6),
    )
    assert figure.compute(period) == before + 1
    assert figure.compute(Period.year(2030)) == metrics.get(f"activities.{kind}").compute(
        Period.year(2030)
    )
