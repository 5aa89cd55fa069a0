"""axe-core finds no WCAG 2.1 A/AA violation on any public page type."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.support import DESKTOP, MOBILE, axe_violations, describe

pytestmark = pytest.mark.e2e

# Keys of the `site` fixture: one page of every public page type, found from the menu.
PAGE_TYPES = [
    "home",
    "section",
    "subsection",
    "standard_page",
    "news_index",
    "news_index_category",
    "news_item",
    "event_index",
    "event_page",
    "gallery_index",
    "album",
    "video_index",
    "video_page",
    "search_results",
    "not_found",
    "organization_register",
    "organization",
    "organization_statistics",
    "activity_report",
]


@pytest.fixture
def axe_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    # axe is injected as a script of its own, which the site's CSP would refuse.
    return new_context(bypass_csp=True)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_wcag_violations(
    axe_context: BrowserContext, site: dict[str, str], page_type: str
) -> None:
    page = axe_context.new_page()
    response = page.goto(site[page_type])
    assert response is not None
    assert response.status == (404 if page_type == "not_found" else 200), response.status
    violations = axe_violations(page)
    assert not violations, f"{site[page_type]}:\n{describe(violations)}"


def test_no_wcag_violations_with_the_photo_viewer_open(
    axe_context: BrowserContext, site: dict[str, str]
) -> None:
    page = axe_context.new_page()
    page.goto(site["album"])
    page.locator("[data-lightbox] a.photo-link").first.click()
    expect(page.locator("dialog.lightbox")).to_have_attribute("open", "")
    violations = axe_violations(page)
    assert not violations, f"{site['album']} (photo viewer open):\n{describe(violations)}"


def test_no_wcag_violations_on_a_phone_with_the_menu_open(
    axe_context: BrowserContext, site: dict[str, str]
) -> None:
    page = axe_context.new_page()
    page.set_viewport_size(MOBILE)
    page.goto(site["home"])
    page.locator("button.nav-toggle").click()
    expect(page.locator("#main-menu")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"{site['home']} (375px, menu open):\n{describe(violations)}"


@pytest.mark.parametrize("panel", ["Послуги", "Усі розділи"])
def test_no_wcag_violations_with_a_menu_panel_open(
    axe_context: BrowserContext, site: dict[str, str], panel: str
) -> None:
    page = axe_context.new_page()
    page.set_viewport_size(DESKTOP)
    page.goto(site["home"])
    page.locator("#main-menu summary", has_text=panel).click()
    expect(page.locator("details.menu-panel[open] .panel")).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"{site['home']} ({panel} open):\n{describe(violations)}"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/search/?q=%D1%80%D1%96%D1%88%D0%B5%D0%BD%D0%BD%D1%8F%D0%BC", 200),  # snippets, marks
        ("/search/?q=%D0%BA%D1%81%D0%B8%D0%BB%D0%BE%D1%84%D0%BE%D0%BD", 200),  # nothing found
        ("/errors/413/", 413),
        ("/errors/414/", 414),
        ("/?q=" + "a" * 4010, 414),  # over 4000, under gunicorn's default 4094
    ],
)
def test_no_wcag_violations_on_search_and_error_pages(
    axe_context: BrowserContext, server_url: str, path: str, status: int
) -> None:
    page = axe_context.new_page()
    response = page.goto(server_url + path)
    assert response is not None and response.status == status
    violations = axe_violations(page)
    assert not violations, f"{path[:60]}:\n{describe(violations)}"
