"""Metrics against the seed report's 2020 figures; one source of truth per figure."""

from __future__ import annotations

import datetime as dt

import pytest

from hromada.activities import services
from hromada.activities.models import ActivityKind
from hromada.core import metrics
from hromada.core.metrics import Period

pytestmark = pytest.mark.django_db

SEED_2020 = {
    "activities.event_organized": 18,
    "activities.event_attended": 77,
    "activities.meeting_attended": 107,
    "activities.training": 11,
    "activities.scenario_plan": 13,
    "activities.speech": 13,
    "activities.greeting": 64,
    "activities.greeting_published": 10,
    "activities.coverage_request": 40,
    "activities.weekly_note": 43,
    "activities.daily_note": 10,
    "activities.civic_action": 2,
    "activities.commissions": 6,
    "activities.social_followers": 816,
    "activities.coverage_contracts": 2,
}


@pytest.mark.parametrize(("key", "value"), sorted(SEED_2020.items()))
def test_2020_figures_match_the_seed(key: str, value: int) -> None:
    assert metrics.get(key).compute(Period.year(2020)) == value


def test_every_design_kind_is_registered() -> None:
    keys = {metric.key for metric in metrics.all_metrics()}
    assert {f"activities.{kind}" for kind in ActivityKind.values} <= keys


def test_an_organized_event_counts_once() -> None:
    period = Period(dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    before = metrics.get("activities.event_organized").compute(period)
    event = services.create_event(
        kind="organized", title="Відкриття сквера", start_date=dt.date(2021, 5, 15), place="Сквер"
    )
    services.publish_announcement(event=event)
    assert metrics.get("activities.event_organized").compute(period) == before + 1
    # the other kinds are unaffected
    assert metrics.get("activities.event_attended").compute(period) == 0


def test_report_json_has_the_fixed_keys() -> None:
    from hromada.reports import services as reports

    report = reports.build_report(Period.year(2020))["metrics"]
    for kind in ActivityKind.values:
        assert report[f"activities.{kind}"]["value"] == SEED_2020[f"activities.{kind}"]
    assert report["activities.weekly_note"]["history"]["2019"] == 50


def test_report_lists_events_trainings_and_commissions() -> None:
    from hromada.reports import services as reports

    lists = {item["key"]: item for item in reports.build_lists(Period.year(2020))}
    assert len(lists["activities.events_organized"]["items"]) == 18
    trainings = lists["activities.trainings"]["items"]
    assert len(trainings) == 11
    lviv = next(t for t in trainings if "діалогу" in t["title"])
    assert (lviv["date"], lviv["end_date"]) == ("2020-03-04", "2020-03-06")
    assert "ОБСЄ" in lviv["details"] and "м. Львів" in lviv["details"]
    assert len(lists["activities.commissions"]["items"]) == 6
    assert [a["date"] for a in lists["activities.civic_actions"]["items"]] == [
        "2020-01-14",
        "2020-07-01",
    ]
    assert len(lists["activities.meetings"]["items"]) == 6
