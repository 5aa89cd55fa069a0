"""The public calendar in a real browser: no WCAG 2.1 A/AA violation (axe-core) on the month
grid, an event's page and on a phone; the feed and an event's .ics parse with icalendar."""

from __future__ import annotations

import urllib.request
from collections.abc import Callable

import icalendar
import pytest
from playwright.sync_api import BrowserContext

from tests.e2e.support import MOBILE, axe_violations, describe, fetch_page, sitemap_paths

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def calendar_pages(server_url: str) -> dict[str, str]:
    for path in sitemap_paths(server_url):
        page = fetch_page(server_url, path)
        if page.kind == "page-city-calendar":
            month_2020 = f"{path.rstrip('/')}/2020/9/"
            events = fetch_page(server_url, month_2020).links_in("events")
            assert events, "no public event in September 2020"
            return {"calendar": path, "month_2020": month_2020, "event": events[0]}
    raise AssertionError("no city calendar page in the sitemap")


@pytest.fixture
def axe_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context(bypass_csp=True)


@pytest.mark.parametrize("key", ["calendar", "month_2020", "event"])
def test_no_wcag_violations(
    axe_context: BrowserContext, calendar_pages: dict[str, str], key: str
) -> None:
    page = axe_context.new_page()
    response = page.goto(calendar_pages[key])
    assert response is not None and response.status == 200
    violations = axe_violations(page)
    assert not violations, f"{calendar_pages[key]}:\n{describe(violations)}"


def test_no_wcag_violations_on_a_phone(
    axe_context: BrowserContext, calendar_pages: dict[str, str]
) -> None:
    page = axe_context.new_page()
    page.set_viewport_size(MOBILE)
    page.goto(calendar_pages["month_2020"])
    violations = axe_violations(page)
    assert not violations, f"{calendar_pages['month_2020']} (375px):\n{describe(violations)}"


def test_feed_and_event_ics_parse(server_url: str, calendar_pages: dict[str, str]) -> None:
    for path in (
        f"{calendar_pages['calendar'].rstrip('/')}/ical/",
        f"{calendar_pages['event'].rstrip('/')}/ical/",
    ):
        with urllib.request.urlopen(server_url + path, timeout=10) as response:
            assert response.headers["Content-Type"].startswith("text/calendar")
            calendar = icalendar.Calendar.from_ical(response.read())
        assert calendar["VERSION"] == "2.0"
    assert len(calendar.walk("VEVENT")) == 1
