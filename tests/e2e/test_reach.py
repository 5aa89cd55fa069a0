"""Share cards read in a real Chromium, as a crawler reads them, and an urgent notice published
in the admin showing on a page the cache already holds."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import extruct
import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.e2e

KYIV = ZoneInfo("Europe/Kyiv")


def meta(page: Page, prop: str) -> str | None:
    return page.locator(f'meta[property="{prop}"], meta[name="{prop}"]').first.get_attribute(
        "content"
    )


def json_ld(page: Page) -> list[dict[str, Any]]:
    texts = page.eval_on_selector_all(
        'script[type="application/ld+json"]', "nodes => nodes.map(n => n.textContent)"
    )
    return [json.loads(text) for text in texts]


def test_news_share_card_in_chromium(page: Page) -> None:
    page.goto("/")
    first_news = page.locator("section[aria-labelledby=latest-news] .card-title a").first
    title = first_news.inner_text()
    first_news.click()
    expect(page.locator("h1")).to_have_text(title)

    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == title
    assert meta(page, "og:locale") == "uk_UA"
    assert meta(page, "og:url") == page.url
    assert page.locator('link[rel="canonical"]').get_attribute("href") == page.url
    image = meta(page, "og:image")
    assert image and image.startswith("http")
    assert int(meta(page, "og:image:width") or 0) > 0
    assert meta(page, "og:image:alt")
    assert page.request.get(image).status == 200, "the share image loads"
    objects = {item["@type"]: item for item in json_ld(page)}
    assert objects["NewsArticle"]["headline"] == title[:110]
    assert objects["BreadcrumbList"]["itemListElement"][-1]["item"] == page.url
    # The same page as a parser reads it (the DOM Chromium built, serialized).
    found = extruct.extract(page.content(), base_url=page.url, syntaxes=["json-ld"])
    assert "NewsArticle" in [item["@type"] for item in found["json-ld"]]
    manifest = page.request.get(page.locator('link[rel="manifest"]').get_attribute("href") or "")
    assert manifest.ok and manifest.json()["icons"]


def served_from_cache(page: Page, path: str) -> None:
    """Visit until the page comes from the cache. An earlier test's change committed less
    than a second before is read late (generations are trusted for a second), so the first
    copy stored may already be stale and the next visit a miss."""
    for _ in range(20):
        response = page.goto(path)
        if response is not None and response.headers.get("x-cache") == "hit":
            return
        page.wait_for_timeout(300)
    raise AssertionError(f"{path} never came from the page cache")


def test_urgent_notice_shows_at_once_on_a_cached_page(
    new_context: Callable[..., BrowserContext],
    sign_in_as_demo_admin: Callable[[Page], None],
) -> None:
    visitor = new_context().new_page()
    served_from_cache(visitor, "/")
    expect(visitor.locator("#urgent-notices")).to_have_count(0)

    staff = new_context().new_page()
    sign_in_as_demo_admin(staff)
    staff.goto("/admin/urgent_notices/new/")
    staff.locator("#id_category").select_option("heating")
    staff.locator("#id_title").fill("Немає опалення у східному мікрорайоні")
    staff.locator("#id_text").fill("Аварія на тепломережі, бригади працюють.")
    ends = dt.datetime.now(KYIV) + dt.timedelta(hours=4)
    staff.locator("#id_ends_at").fill(ends.strftime("%d.%m.%Y %H:%M"))
    staff.locator("#id_ends_at").press("Escape")
    save = re.compile(r"^\s*(Створити|Зберегти|Create|Save)\s*$")
    staff.get_by_role("button", name=save).first.click()
    staff.wait_for_url("**/admin/urgent_notices/")

    response = visitor.goto("/")
    assert response is not None and response.headers.get("x-cache") == "hit"
    banner = visitor.locator("#urgent-notices")
    expect(banner).to_contain_text("Немає опалення у східному мікрорайоні")
    expect(banner).to_contain_text("Опалення")
