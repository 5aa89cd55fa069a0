"""Date rules of holidays and memorable dates, including Easter-linked days and the
Ukrainian 2023 calendar change, checked against the `holidays` package where it knows them."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from django.core.exceptions import ValidationError

from hromada.activities.models import Observance
from hromada.activities.observance_rules import DateRule, nth_weekday, orthodox_easter

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2020, D(2020, 4, 19)), (2021, D(2021, 5, 2)), (2023, D(2023, 4, 16)), (2024, D(2024, 5, 5))],
)
def test_orthodox_easter(year: int, easter: dt.date) -> None:
    assert orthodox_easter(year) == easter


def test_nth_and_last_weekday() -> None:
    assert nth_weekday(2020, 11, 5, 4) == D(2020, 11, 28)  # Holodomor remembrance, 4th Saturday
    assert nth_weekday(2020, 8, 6, -1) == D(2020, 8, 30)  # Miner's Day, last Sunday of August
    assert nth_weekday(2021, 2, 0, 5) is None  # February 2021 has four Mondays
    with pytest.raises(ValueError):
        nth_weekday(2020, 13, 0, 1)


def test_fixed_rule_with_years_of_validity() -> None:
    rule = DateRule(rule="fixed", month=10, day=14, valid_from=2015, valid_to=2022)
    assert rule.date_in(2020) == D(2020, 10, 14)
    assert rule.date_in(2023) is None
    assert DateRule(rule="fixed", month=2, day=29).date_in(2021) is None


@pytest.mark.django_db
def test_builtin_list_is_loaded_by_migration() -> None:
    assert Observance.objects.filter(builtin=True).count() >= 40
    assert Observance.objects.get(key="trinity").date_in(2020) == D(2020, 6, 7)


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2020, 2022, 2023, 2024, 2025])
def test_state_holidays_agree_with_the_holidays_package(year: int) -> None:
    """Every public holiday of `holidays` (UA, incl. those made working days by martial law)
    falls on a built-in state holiday's date, and vice versa."""
    official = holidays.country_holidays(
        "UA", years=year, categories=("public", "workday"), observed=False
    )
    official_days = {day for day, name in official.items() if "substituted" not in name.lower()}
    ours = {
        day
        for observance in Observance.objects.filter(kind="state_holiday")
        if (day := observance.date_in(year)) is not None
    }
    assert ours == official_days


@pytest.mark.django_db
def test_the_2023_calendar_change() -> None:
    christmases = Observance.objects.filter(key__in=["christmas", "christmas-julian"])
    assert sorted(d for o in christmases if (d := o.date_in(2023))) == [
        D(2023, 1, 7),
        D(2023, 12, 25),
    ]
    assert [d for o in christmases if (d := o.date_in(2024))] == [D(2024, 12, 25)]
    defenders = Observance.objects.filter(key__startswith="defenders-day")
    assert [d for o in defenders if (d := o.date_in(2022))] == [D(2022, 10, 14)]
    assert [d for o in defenders if (d := o.date_in(2023))] == [D(2023, 10, 1)]
    # Easter-linked feasts keep the Julian paschalion after the change
    assert Observance.objects.get(key="easter").date_in(2024) == D(2024, 5, 5)


@pytest.mark.django_db
def test_an_observance_rule_is_validated() -> None:
    bad = Observance(key="bad", name="Bad", kind="memorial_day", rule="fixed", month=2, day=30)
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "day" in error.value.message_dict
    easter = Observance(key="e", name="E", kind="religious", rule="easter")
    with pytest.raises(ValidationError) as error:
        easter.full_clean()
    assert "easter_offset" in error.value.message_dict
    weekday = Observance(key="w", name="W", kind="state_day", rule="nth_weekday", month=5, nth=7)
    with pytest.raises(ValidationError) as error:
        weekday.full_clean()
    assert {"nth", "weekday"} <= set(error.value.message_dict)
