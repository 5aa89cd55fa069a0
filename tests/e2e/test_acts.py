"""The acts registers in a real browser: axe-core finds no WCAG 2.1 A/AA violation on any of
their page types, and a resident finds an act by a word only in its file, inflected."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from tests.e2e.support import axe_violations, describe, fetch_page, sitemap_paths

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def acts_pages(server_url: str) -> dict[str, str]:
    """One page of each acts page type, found from the sitemap and the registers' links."""
    found: dict[str, str] = {}
    for path in sitemap_paths(server_url):
        page = fetch_page(server_url, path)
        if page.kind == "page-acts" and "acts_register" not in found:
            found["acts_register"] = path
            found["act"] = page.links_in("register")[0]
        if page.kind == "page-acts" and "/proiekty-rishen/proiekty-rozporiadzhen/" in path:
            found["drafts_register"] = path
            found["draft"] = page.links_in("register")[0]
        if page.kind == "page-public-documents":
            found["public_documents"] = path
            found["public_document"] = page.links_in("register")[0]
    assert {"acts_register", "drafts_register", "public_documents"} <= set(found), found
    found["acts_search"] = found["acts_register"] + "?q=%D0%B1%D1%8E%D0%B4%D0%B6%D0%B5%D1%82"
    return found


@pytest.fixture
def axe_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context(bypass_csp=True)


@pytest.mark.parametrize(
    "page_type",
    [
        "acts_register",
        "acts_search",
        "act",
        "drafts_register",
        "draft",
        "public_documents",
        "public_document",
    ],
)
def test_no_wcag_violations(
    axe_context: BrowserContext, acts_pages: dict[str, str], page_type: str
) -> None:
    page = axe_context.new_page()
    response = page.goto(acts_pages[page_type])
    assert response is not None and response.status == 200, acts_pages[page_type]
    violations = axe_violations(page)
    assert not violations, f"{acts_pages[page_type]}:\n{describe(violations)}"


def test_a_resident_finds_an_act_by_a_word_in_its_file(
    new_context: Callable[..., BrowserContext], server_url: str
) -> None:
    page = new_context().new_page()
    page.goto("/")
    # The main menu's "Рішення" leads straight to the register of the council's acts.
    page.get_by_role("link", name="Рішення", exact=True).first.click()
    page.get_by_label("Слова в назві чи тексті").fill("енергоаудиту")
    page.get_by_role("button", name="Показати").click()
    result = page.locator("table.register tbody tr")
    expect(result).to_have_count(1)
    result.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Про підготовку житлового фонду")
    expect(page.locator("ul.files a").first).to_have_attribute("href", re.compile(r"\.pdf$"))
