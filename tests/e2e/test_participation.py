"""The participation pages in a real browser: no WCAG 2.1 A/AA violation (axe) on any public
page type, and the resident journey: register, confirm the e-mail from the server's mail log,
sign a petition, report a problem (its point chosen on the map with the keyboard) and see its
status. The browser never leaves the test server: every other request (the map tiles) is
refused, so the maps are tested with their tiles unreachable."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from tests.e2e.support import axe_violations, describe, fetch_page, sitemap_paths

pytestmark = pytest.mark.e2e

MIN_FILL_SECONDS = 5  # the forms refuse a submission made faster (core.spam)
KINDS = {
    "page-participation-petitions": "petitions",
    "page-participation-problems": "problems",
    "page-participation-budget": "budget",
    "page-participation-consultations": "consultations",
}


@pytest.fixture(scope="module")
def pages(server_url: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sitemap_paths(server_url):
        if not path.startswith("/zhyteliam-mista/"):
            continue
        kind = fetch_page(server_url, path).kind
        if kind in KINDS:
            found[KINDS[kind]] = path
    assert set(found) == set(KINDS.values()), found
    return found


def offline(context: BrowserContext) -> list[str]:
    """Refuse every request that is not for the test server; the refused addresses."""
    refused: list[str] = []

    def route(handled: Route) -> None:
        if urlsplit(handled.request.url).hostname in {"127.0.0.1", "localhost"}:
            handled.continue_()
        else:
            refused.append(handled.request.url)
            handled.abort()

    context.route("**/*", route)
    return refused


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    made = new_context(bypass_csp=True)  # axe is injected as a script of its own
    offline(made)
    return made


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"


def _first_link(page: Page, pattern: str) -> str:
    href = page.locator(f".cards a[href*='{pattern}']").first.get_attribute("href")
    assert href
    return href


@pytest.mark.parametrize("key", ["petitions", "problems", "budget", "consultations"])
def test_list_and_detail_pages_have_no_wcag_violations(
    context: BrowserContext, pages: dict[str, str], key: str
) -> None:
    page = context.new_page()
    response = page.goto(pages[key])
    assert response is not None and response.status == 200
    assert_accessible(page)
    detail = page.locator(".cards a, .data-table a").first
    href = detail.get_attribute("href")
    assert href
    response = page.goto(href)
    assert response is not None and response.status == 200
    assert_accessible(page)


def test_budget_project_photos_load_from_the_checked_view(
    context: BrowserContext, pages: dict[str, str]
) -> None:
    """Every demo project has a photo of its place (a winner a milestone's photo too): each is
    served by the checked view, not from the public media, loads, and has its alt text."""
    page = context.new_page()
    page.goto(pages["budget"])
    links = page.locator(".data-table a").evaluate_all("links => links.map(a => a.href)")
    assert links
    sources: set[str] = set()
    for link in links:
        page.goto(link)
        photos = page.locator("img.problem-photo")
        assert photos.count() >= 1, link
        for index in range(photos.count()):
            photo = photos.nth(index)
            photo.scroll_into_view_if_needed()  # they load lazily
            expect(photo).to_have_js_property("complete", True)
            assert photo.evaluate("img => img.naturalWidth") > 0, link
            assert (photo.get_attribute("alt") or "").strip(), link
            sources.add(photo.get_attribute("src") or "")
        assert_accessible(page)
    assert all(src.startswith("/budget-photos/") for src in sources), sources
    assert any(src.startswith("/budget-photos/milestone/") for src in sources), sources


@pytest.mark.parametrize("path", ["/account/register/", "/account/login/"])
def test_account_pages_have_no_wcag_violations(context: BrowserContext, path: str) -> None:
    page = context.new_page()
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("Створити|Увійти")).click()
    expect(page.locator(".form-errors")).to_be_visible()
    assert_accessible(page)


def test_problem_map_places_the_reports_without_tiles(page: Page, pages: dict[str, str]) -> None:
    """Leaflet from our static files, under the site's CSP; the tiles are unreachable."""
    refused = offline(page.context)
    page.goto(pages["problems"])
    points = page.locator("#problem-points").text_content()
    assert points
    expected = len(re.findall(r'"url":', points))
    assert expected > 0, "the demo's reports on the first page have coordinates"
    expect(page.locator("[data-reports-map] .leaflet-marker-icon")).to_have_count(expected)
    expect(page.locator("#problem-svg-map")).to_be_hidden()
    expect(page.locator("[data-reports-map] [data-map-status]")).to_contain_text(
        "вдалося завантажити"
    )
    assert refused, "the map asked for no tile"
    assert all(urlsplit(url).hostname not in {"127.0.0.1", "localhost"} for url in refused)
    first = page.locator("[data-reports-map] .leaflet-marker-icon").first
    label = first.get_attribute("alt")
    assert label and ":" in label
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/vidkryte-misto/\d+/$"))
    expect(page.locator("h1")).to_contain_text(label.split(":")[0])


def test_problem_list_without_javascript_keeps_its_svg_map(
    new_context: Callable[..., BrowserContext], pages: dict[str, str]
) -> None:
    no_script = new_context(java_script_enabled=False)
    offline(no_script)
    page = no_script.new_page()
    page.goto(pages["problems"])
    expect(page.locator("#problem-svg-map")).to_be_visible()
    expect(page.locator("[data-reports-map]")).to_be_hidden()
    assert page.locator("#problem-svg-map circle").count() > 0
    assert "," not in (page.locator("#problem-svg-map circle").first.get_attribute("cx") or "")


def _mail_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    logs = sorted(tmp_path_factory.getbasetemp().glob("e2e-var*/server.log"))
    assert logs, "the e2e server's log (its console e-mail backend) was not found"
    return logs[-1]


def test_resident_journey(
    context: BrowserContext,
    pages: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
    identify: Callable[..., None],
) -> None:
    email = f"journey{int(time.time())}@example.org"
    page = context.new_page()
    page.goto("/account/register/")
    page.get_by_label("Прізвище, ім'я, по батькові").fill("Мешканка Тестова")
    page.get_by_label("Ел. пошта *", exact=True).fill(email)
    page.get_by_label("Пароль *", exact=True).fill("a-long-password-77")
    page.locator("input[name=consent]").check()
    page.wait_for_timeout(MIN_FILL_SECONDS * 1000 + 500)
    page.get_by_role("button", name="Створити обліковий запис").click()
    page.wait_for_url("**/account/")
    assert_accessible(page)

    log = _mail_log(tmp_path_factory)
    link = None
    for _ in range(50):
        links = re.findall(r"https?://\S+/account/confirm/\S+/", log.read_text(errors="replace"))
        if links:
            link = links[-1]
            break
        time.sleep(0.2)
    assert link, "no confirmation link in the mail log"
    page.goto(link)
    expect(page.locator("dd", has_text="Електронну пошту підтверджено")).to_be_visible()
    # Signing needs an identified resident: the account links its ID.GOV.UA identity.
    identify(page, f"{int(time.time()) % 10**10:010d}", lastname="Мешканка", givenname="Тестова")
    page.wait_for_url("**/account/")

    page.goto(pages["petitions"] + "?status=collecting")
    page.goto(_first_link(page, "/elektronni-petytsii/"))
    page.get_by_role("button", name="Підписати петицію").click()
    expect(page.locator("p.notice")).to_contain_text("Ви підписали цю петицію")
    expect(page.locator(".signatories")).to_contain_text("Мешканка Тестова")

    page.goto(pages["problems"] + "new/")
    page.get_by_label("Категорія *", exact=True).select_option(index=1)
    page.get_by_label("Адреса *", exact=True).fill("вул. Журналістів, 5")
    page.get_by_label("Опис *", exact=True).fill("Вибоїна посеред дороги")
    # The point, with the keyboard only, on a map whose tiles do not load.
    picker = page.locator("[data-map-picker]")
    expect(picker).to_be_visible()
    expect(picker.locator("[data-map-status]")).to_contain_text("вдалося завантажити")
    picker.locator(".map-canvas").focus()
    for key in ("ArrowLeft", "ArrowUp", "ArrowUp"):
        page.keyboard.press(key)
    centre = picker.get_by_role("button", name="Поставити точку в центрі мапи")
    for _ in range(10):
        if centre.evaluate("button => button === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    latitude = page.get_by_label("Широта (необов'язково)").input_value()
    longitude = page.get_by_label("Довгота (необов'язково)").input_value()
    assert re.fullmatch(r"4\d\.\d{6}", latitude) and re.fullmatch(r"3\d\.\d{6}", longitude)
    expect(picker.locator("[data-map-point]")).to_contain_text(f"{latitude}, {longitude}")
    assert_accessible(page)
    page.wait_for_timeout(MIN_FILL_SECONDS * 1000 + 500)
    page.get_by_role("button", name="Надіслати").click()
    page.wait_for_url(re.compile(r".*/vidkryte-misto/\d+/$"))
    expect(page.locator("dl.details")).to_contain_text("Нове")
    expect(page.locator("dl.details")).to_contain_text(f"{latitude}, {longitude}")
    assert_accessible(page)
