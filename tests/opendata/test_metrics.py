"""Report figures of the catalogue, computed from the records at the period's end."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from hromada.core import metrics
from hromada.core.metrics import Period
from hromada.opendata import services
from hromada.opendata.models import Dataset, Resource
from tests.opendata.helpers import dataset, upload

pytestmark = pytest.mark.django_db


def test_counts_at_the_end_of_2020_follow_the_records() -> None:
    year = Period.year(2020)
    datasets = metrics.get("opendata.datasets").compute(year)
    resources = metrics.get("opendata.resources").compute(year)
    assert datasets == 36  # the demo's datasets, all first published in 2020
    assert resources == Resource.objects.filter(created__year__lte=2020, archived=False).count()
    assert resources >= datasets
    later = dataset(title="Набір 2021 року")
    Dataset.objects.filter(pk=later.pk).update(published_at=dt.datetime(2021, 3, 1, tzinfo=dt.UTC))
    assert metrics.get("opendata.datasets").compute(year) == datasets
    assert metrics.get("opendata.datasets").compute(Period.year(2021)) == datasets + 1


def test_on_time_share_at_year_end() -> None:
    on_time = metrics.get("opendata.datasets_on_time").compute(Period.year(2020))
    assert 0 < on_time <= 36
    made = dataset(title="Щомісячний набір без оновлень")
    services.add_resource(dataset=made, name="Дані", file=upload(), filename="d.csv")
    far = Period(dt.date(2099, 1, 1), dt.date(2099, 1, 31))
    # Long after every due date, nothing with a schedule is on time.
    assert metrics.get("opendata.datasets_on_time").compute(far) == 0


def test_report_json_has_the_fixed_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "report.json"
    call_command("report", "--year", "2020", "--format", "json", "-o", str(output))
    report = json.loads(output.read_text(encoding="utf-8"))
    assert report["metrics"]["opendata.datasets"]["value"] == 36
    assert "opendata.resources" in report["metrics"]
