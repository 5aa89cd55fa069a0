"""Counts on any date, at year boundaries; the demo reproduces the seed report's table."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from hromada.core.metrics import Period, get
from hromada.organizations import selectors
from hromada.organizations.demo import SEED_TABLE, SEED_YEARS
from hromada.organizations.models import Organization

pytestmark = pytest.mark.django_db


def test_counts_at_year_boundaries() -> None:
    base = selectors.counts_on(dt.date(2021, 12, 31))["trade_union"]
    Organization.objects.create(
        kind="trade_union", name="Профспілка 1", registered_on=dt.date(2021, 12, 31)
    )
    Organization.objects.create(
        kind="trade_union", name="Профспілка 2", registered_on=dt.date(2022, 1, 1)
    )
    Organization.objects.create(
        kind="trade_union",
        name="Профспілка 3",
        registered_on=dt.date(2010, 1, 1),
        terminated_on=dt.date(2021, 12, 31),
    )
    Organization.objects.create(
        kind="trade_union",
        name="Профспілка 4",
        registered_on=dt.date(2010, 1, 1),
        terminated_on=dt.date(2022, 1, 1),
    )
    Organization.objects.create(
        kind="trade_union", name="Архівна", registered_on=dt.date(2010, 1, 1), archived=True
    )
    assert selectors.count_on(dt.date(2021, 12, 30), kind="trade_union") == base + 2
    # 31.12: no. 1 registered that day counts; no. 3 terminated that day does not.
    assert selectors.count_on(dt.date(2021, 12, 31), kind="trade_union") == base + 2
    # 01.01: no. 2 registered, no. 4 terminated.
    assert selectors.count_on(dt.date(2022, 1, 1), kind="trade_union") == base + 2
    assert selectors.count_on(dt.date(2022, 1, 2), kind="trade_union") == base + 2
    assert get("organizations.trade_union").compute(Period.year(2021)) == base + 2
    assert get("organizations.registered.trade_union").compute(Period.year(2021)) == 1
    assert get("organizations.terminated.trade_union").compute(Period.year(2021)) == 1
    assert get("organizations.terminated.trade_union").compute(Period.year(2022)) == 1


def test_demo_reproduces_the_seed_table() -> None:
    table = selectors.year_end_table(2014, 2020)
    expected = [
        (year, [SEED_TABLE[kind][i] for kind in selectors.TABLE_KINDS])
        for i, year in enumerate(SEED_YEARS)
    ]
    assert table == expected
    assert table[-1] == (2020, [96, 154, 34])
    assert table[0] == (2014, [81, 98, 33])


def test_report_json_has_the_seed_figures(tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    call_command(
        "report", "--year", "2020", "--format", "json", "-o", str(output), stdout=io.StringIO()
    )
    figures = json.loads(output.read_text(encoding="utf-8"))["metrics"]
    assert figures["organizations.party_unit"]["value"] == 96
    assert figures["organizations.ngo"]["value"] == 154
    assert figures["organizations.religious"]["value"] == 34
    assert figures["organizations.ngo"]["history"]["2017"] == 137
    assert figures["organizations.registered.ngo"]["value"] >= 1
    assert figures["organizations.terminated.religious"]["value"] >= 5
