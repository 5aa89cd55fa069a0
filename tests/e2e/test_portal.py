"""What a visitor and an editor do on the demo portal, in a real browser."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.e2e.support import DESKTOP, MOBILE, SEARCH_WORD, fetch_all, sitemap_paths

pytestmark = pytest.mark.e2e

DATE = re.compile(r"\b(\d{2})\.(\d{2})\.(\d{4})\b")  # dd.mm.yyyy, as Ukrainian official style wants
KYIV = ZoneInfo("Europe/Kyiv")


def shown_date(text: str) -> dt.date:
    match = DATE.search(text)
    assert match, f"no dd.mm.yyyy date in {text!r}"
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def loaded_width(image: Locator) -> int:
    """The natural width of an image once it has loaded (0 if it is broken)."""
    return int(
        image.evaluate(
            """img => img.complete ? img.naturalWidth : new Promise(done => {
                img.addEventListener('load', () => done(img.naturalWidth), {once: true});
                img.addEventListener('error', () => done(0), {once: true});
            })"""
        )
    )


def goto(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"


# --- Pages ------------------------------------------------------------------------------


def test_every_page_in_the_sitemap_renders(server_url: str) -> None:
    paths = sitemap_paths(server_url)
    assert len(paths) > 50, paths  # the demo city has over a hundred pages
    broken = {
        path: status for path, status in fetch_all(server_url, paths).items() if status != 200
    }
    assert not broken, broken


def test_home_page_in_ukrainian_with_news_events_and_search(page: Page) -> None:
    goto(page, "/")
    assert page.locator("html").get_attribute("lang") == "uk"
    expect(page).to_have_title(re.compile("Лисичанська міська рада"))
    expect(page.locator(".site-header .brand")).to_contain_text("Лисичанська міська рада")

    news = page.locator("section[aria-labelledby=latest-news] .news-card")
    expect(news.first).to_be_visible()
    dates = [shown_date(text) for text in news.locator("time").all_inner_texts()]
    assert len(dates) >= 3
    assert dates == sorted(dates, reverse=True), "latest news first"
    for card in news.all():
        expect(card.locator(".card-title a")).to_have_attribute("href", re.compile(r"^/.+/"))

    events = page.locator("aside[aria-labelledby=upcoming] .event-item")
    expect(events.first).to_be_visible()
    today = dt.datetime.now(tz=KYIV).date()
    starts = [shown_date(text) for text in events.locator("time").all_inner_texts()]
    assert starts and all(start >= today for start in starts), starts
    assert starts == sorted(starts), "soonest event first"

    search = page.locator("main form[role=search]")
    expect(search).to_have_attribute("action", "/search/")
    field = search.locator("input[type=search][name=q]")
    expect(field).to_be_visible()
    field_id = field.get_attribute("id")
    expect(search.locator(f"label[for={field_id}]")).not_to_be_empty()


def test_news_page_shows_title_date_and_described_lead_image(page: Page) -> None:
    goto(page, "/")
    first_news = page.locator("section[aria-labelledby=latest-news] .card-title a").first
    title = first_news.inner_text()
    first_news.click()

    expect(page.locator("h1")).to_have_text(title)
    published = page.locator("article.news .meta time")
    assert DATE.match(published.inner_text()), published.inner_text()
    iso_day = published.get_attribute("datetime")[:10]  # type: ignore[index]
    assert shown_date(published.inner_text()).isoformat() == iso_day

    image = page.locator("article.news figure.lead-image img")
    expect(image).to_have_attribute("alt", re.compile(r"\S"))
    assert loaded_width(image) > 0, "the lead image loads"


def test_search_results_for_a_word_of_the_demo(page: Page) -> None:
    goto(page, "/")
    page.locator("#home-q").fill(SEARCH_WORD)
    page.locator("#home-q").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))

    expect(page.locator("#search-q")).to_have_value(SEARCH_WORD)
    results = page.locator("ol.results > li > a")
    expect(results.first).to_be_visible()
    titles = results.all_inner_texts()
    assert any("пам'ят" in title.lower() for title in titles), titles
    found = int(re.search(r"\d+", page.locator("#results-h").inner_text()).group())  # type: ignore[union-attr]
    assert found >= len(titles) >= 1


def test_not_found_page(page: Page) -> None:
    goto(page, "/this-page-does-not-exist/", status=404)
    assert page.locator("html").get_attribute("lang") == "uk"
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main a[href='/']")).to_be_visible()


# --- The photo viewer ----------------------------------------------------------------------


def photo_links(page: Page) -> Locator:
    return page.locator("[data-lightbox] a.photo-link")


def expect_photo(page: Page, number: int, total: int) -> None:
    """The viewer shows photo `number` (1-based): its big image, its alt text, "n of total"."""
    link = photo_links(page).nth(number - 1)
    viewer = page.locator("dialog.lightbox")
    image = viewer.locator("img")
    expect(viewer).to_have_attribute("open", "")
    expect(image).to_have_attribute("src", link.get_attribute("href") or "")
    expect(image).to_have_attribute("alt", link.get_attribute("data-alt") or "")
    expect(viewer.locator(".lightbox-caption")).to_have_text(
        re.compile(rf"(^|\D){number}\D+{total}$")
    )


def test_album_lightbox_with_the_mouse(page: Page, site: dict[str, str]) -> None:
    goto(page, site["album"])
    links = photo_links(page)
    total = links.count()
    assert total >= 3
    expect(links.first.locator("img")).to_have_attribute("alt", re.compile(r"\S"))

    links.first.click()
    expect_photo(page, 1, total)
    viewer = page.locator("dialog.lightbox")
    big = viewer.locator("img")
    assert loaded_width(big) > 400, "the big image, not the thumbnail"
    assert viewer.evaluate("dialog => dialog.contains(document.activeElement)"), (
        "focus moves into the viewer"
    )

    viewer.locator(".lb-next").click()
    expect_photo(page, 2, total)
    page.keyboard.press("ArrowRight")
    expect_photo(page, 3, total)
    page.keyboard.press("ArrowLeft")
    expect_photo(page, 2, total)
    viewer.locator(".lb-prev").click()
    viewer.locator(".lb-prev").click()
    expect_photo(page, total, total)  # it wraps around

    page.keyboard.press("Escape")
    expect(viewer).not_to_have_attribute("open", "")
    expect(links.first).to_be_focused()


def test_album_lightbox_with_the_keyboard_only(page: Page, site: dict[str, str]) -> None:
    goto(page, site["album"])
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.photo-link')"):
            break
    else:
        pytest.fail("Tab never reached a photo")
    focused = photo_links(page).first
    expect(focused).to_be_focused()
    outline = focused.evaluate(
        "a => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth"
    )
    assert not outline.startswith("none") and not outline.endswith(" 0px"), (
        f"no visible focus: {outline}"
    )

    page.keyboard.press("Enter")
    total = photo_links(page).count()
    expect_photo(page, 1, total)
    page.keyboard.press("ArrowRight")
    expect_photo(page, 2, total)
    page.keyboard.press("Escape")
    expect(page.locator("dialog.lightbox")).not_to_have_attribute("open", "")
    expect(focused).to_be_focused()


# --- Small screens ----------------------------------------------------------------------


def test_mobile_menu_toggle(page: Page) -> None:
    page.set_viewport_size(MOBILE)
    goto(page, "/")
    toggle = page.locator("button.nav-toggle")
    menu = page.locator("#main-menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-controls", "main-menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    # The first item is the "Services" panel's summary (tasks first), then plain links.
    first = menu.locator("summary, a").first
    expect(first).to_be_visible()
    first.focus()
    expect(first).to_be_focused()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()


def test_desktop_menu_needs_no_toggle(page: Page) -> None:
    page.set_viewport_size(DESKTOP)
    goto(page, "/")
    expect(page.locator("button.nav-toggle")).to_be_hidden()
    expect(page.locator("#main-menu summary, #main-menu a").first).to_be_visible()


@pytest.mark.parametrize("name", ["home", "news_item", "album", "search_results"])
def test_no_horizontal_scrolling_at_320px(page: Page, site: dict[str, str], name: str) -> None:
    """WCAG 1.4.10 Reflow: nothing wider than a 320 CSS px screen."""
    page.set_viewport_size({"width": 320, "height": 640})
    goto(page, site[name])
    too_wide = page.evaluate(
        """() => Array.from(document.querySelectorAll('body *'))
            .filter(element => element.getBoundingClientRect().right > innerWidth + 1)
            .map(element => element.outerHTML.slice(0, 80))"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, too_wide


# --- The admin ----------------------------------------------------------------------


def test_admin_login_shows_the_wagtail_dashboard(
    new_context: Callable[..., BrowserContext],
    demo_admin_code: Callable[[], str],
) -> None:
    page = new_context().new_page()
    response = page.goto("/admin/login/")
    assert response is not None and response.status == 200
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill("hromada-demo")
    page.locator("#id_password").press("Enter")

    # A superuser's second step: the code page, and nothing else of the admin before it.
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    page.goto("/admin/users/")
    page.wait_for_url(re.compile(r"/admin/two-factor/verify/"))
    expect(page.locator("#wagtail-sidebar")).to_have_count(0)
    page.locator("#id_code").fill(demo_admin_code())
    page.locator("#id_code").press("Enter")

    page.wait_for_url(re.compile(r"/admin/users/$"))
    page.goto("/admin/")
    expect(page.locator("main h1")).to_have_text("Hromada")  # WAGTAIL_SITE_NAME
    expect(page.locator("main")).to_contain_text("Адміністратор Демо")  # the demo admin's name
    expect(page.locator("#id_username")).to_have_count(0)


@pytest.mark.parametrize("width", [1024, 1366])
def test_main_menu_is_one_row_at_desktop_widths(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    goto(page, "/")
    tops = page.locator("#main-menu > li").evaluate_all(
        "items => items.map(item => Math.round(item.getBoundingClientRect().top))"
    )
    assert 1 < len(tops) <= 7
    assert len(set(tops)) == 1, tops
    right = page.locator("#main-menu > li").last.evaluate("e => e.getBoundingClientRect().right")
    assert right <= width


def test_every_task_is_one_click_from_home(page: Page) -> None:
    page.set_viewport_size(DESKTOP)
    goto(page, "/")
    tiles = page.locator(".task-tiles a")
    assert tiles.count() == 9
    hrefs = tiles.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        if not href.startswith("#"):
            goto(page, href)
