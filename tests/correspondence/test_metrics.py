"""The report figures reproduce the seed report's 2020 journal for the demo city."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from hromada.core import metrics
from hromada.core.metrics import Period

pytestmark = pytest.mark.django_db


def value(key: str, year: int = 2020) -> int:
    return metrics.get(key).compute(Period.year(year))


def test_the_seed_figures_for_2020() -> None:
    assert value("correspondence.incoming") == 838
    assert value("correspondence.answered") == 120
    assert value("correspondence.answered.public_info_request") == 11
    assert value("correspondence.answered.citizen_appeal") == 7
    assert value("correspondence.outgoing.internal") == 171
    assert value("correspondence.long_term_control") == 4
    assert value("correspondence.overdue") == 0
    assert value("correspondence.decided_on_time_percent") == 100
    kinds = ("letter", "public_info_request", "citizen_appeal", "authority_request", "other")
    assert sum(value(f"correspondence.incoming.{kind}") for kind in kinds) == 838


def test_report_json_has_the_fixed_keys_and_history() -> None:
    out = StringIO()
    call_command("report", "--year", "2020", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())["metrics"]
    for key in (
        "correspondence.incoming",
        "correspondence.incoming.public_info_request",
        "correspondence.answered",
        "correspondence.answered.citizen_appeal",
        "correspondence.outgoing.internal",
        "correspondence.long_term_control",
    ):
        assert key in report
    assert report["correspondence.incoming"]["value"] == 838
    assert report["correspondence.answered"]["history"]["2019"] == 124
    assert report["correspondence.outgoing.internal"]["history"]["2017"] == 185
