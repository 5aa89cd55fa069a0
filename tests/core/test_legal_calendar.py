"""The legal calendar against dates checked by hand on the 2020 and wartime calendars."""

from __future__ import annotations

from datetime import date

import pytest

from hromada.core import legal_calendar as lc


def test_the_design_example_request_received_on_monday_2_march_2020() -> None:
    # 9 March 2020 was the day off for 8 March, so the fifth working day is 10 March.
    assert lc.due_date("public_info_request", date(2020, 3, 2)) == date(2020, 3, 10)


def test_transferred_saturday_is_a_working_day_and_bridge_day_is_not() -> None:
    assert lc.is_working_day(date(2020, 1, 11))  # Saturday worked for 6 January
    assert not lc.is_working_day(date(2020, 1, 6))
    assert not lc.is_working_day(date(2020, 1, 7))


def test_martial_law_holidays_are_working_days() -> None:
    # Law 2136-IX Art. 6: from 2023 public holidays are working days.
    assert lc.is_working_day(date(2024, 1, 1))
    assert lc.is_working_day(date(2024, 8, 26))
    assert not lc.is_working_day(date(2024, 8, 24))  # a Saturday stays a day off


def test_month_term_ending_on_a_day_off_moves_to_next_working_day() -> None:
    # 31 January + 1 month = 29 February 2020, a Saturday -> Monday 2 March.
    assert lc.due_date("citizen_appeal", date(2020, 1, 31)) == date(2020, 3, 2)
    assert lc.due_date("citizen_appeal", date(2020, 4, 6)) == date(2020, 5, 6)


def test_day_terms_count_calendar_days() -> None:
    assert lc.due_date("citizen_appeal_no_study", date(2020, 3, 2)) == date(2020, 3, 17)
    assert lc.due_date("citizen_appeal_extended", date(2020, 3, 2)) == date(2020, 4, 16)


def test_extension_to_twenty_working_days() -> None:
    assert lc.due_date("public_info_request_extended", date(2020, 3, 2)) == date(2020, 3, 31)


def test_urgent_request_runs_in_hours() -> None:
    assert lc.due_date("public_info_request_urgent", date(2020, 3, 6)) == date(2020, 3, 8)


def test_drafts_are_published_ten_working_days_before_consideration() -> None:
    latest = lc.latest_publication_date(date(2020, 3, 24))
    assert latest == date(2020, 3, 9 + 1)  # 9 March was a day off
    assert lc.working_days_between(latest, date(2020, 3, 24)) == 10


def test_working_days_between_is_signed() -> None:
    assert lc.working_days_between(date(2020, 3, 2), date(2020, 3, 10)) == 5
    assert lc.working_days_between(date(2020, 3, 10), date(2020, 3, 2)) == -5
    assert lc.add_working_days(date(2020, 3, 10), -5) == date(2020, 3, 2)


def test_every_rule_cites_a_law() -> None:
    for rule in lc.RULES.values():
        assert "Закон" in rule.law, rule.key


def test_unknown_rule_is_named() -> None:
    with pytest.raises(KeyError, match="nope"):
        lc.due_date("nope", date(2020, 1, 1))
