"""core.metrics: periods in Kyiv time and the registry of report figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from hromada.core import metrics
from hromada.core.metrics import Period

KYIV = ZoneInfo("Europe/Kyiv")
UTC = dt.UTC


def test_year_period() -> None:
    period = Period.year(2020)
    assert (period.start, period.end) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert period.is_calendar_year


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2020, 1, 1), dt.date(2020, 12, 30)),
        (dt.date(2020, 1, 2), dt.date(2020, 12, 31)),
        (dt.date(2019, 1, 1), dt.date(2020, 12, 31)),
        (dt.date(2020, 3, 1), dt.date(2020, 3, 31)),
    ],
)
def test_other_periods_are_not_calendar_years(start: dt.date, end: dt.date) -> None:
    assert not Period(start, end).is_calendar_year


def test_one_day_period_is_allowed() -> None:
    day = dt.date(2020, 8, 24)
    assert Period(day, day).bounds()[1] - Period(day, day).bounds()[0] == dt.timedelta(days=1)


def test_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(dt.date(2020, 3, 1), dt.date(2020, 2, 1))


def test_period_is_immutable() -> None:
    period = Period.year(2020)
    with pytest.raises(AttributeError):
        period.start = dt.date(2021, 1, 1)  # type: ignore[misc]


def test_bounds_are_kyiv_midnights() -> None:
    start, end = Period.year(2020).bounds()
    assert start == dt.datetime(2020, 1, 1, tzinfo=KYIV)
    assert end == dt.datetime(2021, 1, 1, tzinfo=KYIV)
    # Kyiv is UTC+2 in winter: the year starts at 22:00 UTC on 31 December.
    assert start.astimezone(UTC) == dt.datetime(2019, 12, 31, 22, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == dt.datetime(2020, 12, 31, 22, 0, tzinfo=UTC)


def test_summer_bounds_use_summer_time() -> None:
    start, end = Period(dt.date(2020, 7, 1), dt.date(2020, 7, 31)).bounds()
    assert start.astimezone(UTC) == dt.datetime(2020, 6, 30, 21, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == dt.datetime(2020, 7, 31, 21, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "hours"),
    [(dt.date(2020, 3, 29), 23), (dt.date(2020, 10, 25), 25), (dt.date(2020, 6, 1), 24)],
)
def test_days_when_the_clocks_change(day: dt.date, hours: int) -> None:
    start, end = Period(day, day).bounds()
    # Same-zone subtraction in Python is wall-clock; the database compares instants.
    assert end.astimezone(UTC) - start.astimezone(UTC) == dt.timedelta(hours=hours)


def test_a_moment_belongs_to_the_kyiv_day_not_the_utc_day() -> None:
    # 00:30 on 1 January 2021 in Kyiv is still 2020 in UTC.
    moment = dt.datetime(2021, 1, 1, 0, 30, tzinfo=KYIV)
    start_2021, end_2021 = Period.year(2021).bounds()
    start_2020, end_2020 = Period.year(2020).bounds()
    assert start_2021 <= moment < end_2021
    assert not start_2020 <= moment < end_2020
    assert moment.astimezone(UTC).year == 2020


def test_bounds_follow_the_time_zone_setting(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TIME_ZONE = "UTC"
    start, _ = Period.year(2020).bounds()
    assert start.astimezone(UTC) == dt.datetime(2020, 1, 1, tzinfo=UTC)


# --- the registry -------------------------------------------------------------------------------


@pytest.fixture
def scratch_key() -> Iterator[str]:
    key = "testmodule.figure"
    yield key
    metrics._REGISTRY.pop(key, None)


def test_register_and_get(scratch_key: str) -> None:
    def compute(period: Period) -> int:
        return period.end.year - period.start.year + 1

    metric = metrics.register(
        scratch_key, label="Показник", definition="Для перевірки", unit="од.", compute=compute
    )
    assert metric.module == "testmodule"
    assert metrics.get(scratch_key) is metric
    assert metrics.get(scratch_key).compute(Period(dt.date(2019, 1, 1), dt.date(2020, 12, 31))) == 2
    assert scratch_key in [m.key for m in metrics.all_metrics()]
    # Registering the same function again (a module imported twice) is harmless.
    assert (
        metrics.register(scratch_key, label="Показник", definition="", compute=compute).compute
        is compute
    )


def test_a_key_cannot_be_registered_twice_by_different_code(scratch_key: str) -> None:
    metrics.register(scratch_key, label="A", definition="", compute=lambda period: 1)
    with pytest.raises(ValueError, match="registered twice"):
        metrics.register(scratch_key, label="B", definition="", compute=lambda period: 2)
    assert metrics.get(scratch_key).label == "A"


def test_unknown_key() -> None:
    with pytest.raises(KeyError, match="unknown metric"):
        metrics.get("portal.no_such_figure")


def test_all_metrics_are_sorted_and_named_by_module() -> None:
    keys = [m.key for m in metrics.all_metrics()]
    assert keys == sorted(keys)
    for metric in metrics.all_metrics():
        module, _, figure = metric.key.partition(".")
        assert module == metric.module and figure
        assert str(metric.label) and str(metric.definition)


def test_the_portal_keys_fixed_by_the_design_are_registered() -> None:
    keys = {m.key for m in metrics.all_metrics()}
    assert {
        "portal.news_published",
        "portal.sections_created",
        "portal.subsections_created",
        "portal.albums_created",
        "portal.album_photos",
        "portal.news_photos",
        "portal.videos_published",
    } <= keys
