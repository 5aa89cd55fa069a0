"""The online request and appeal forms and the status page in a real browser: no WCAG 2.1
A/AA violation (axe), and a resident submits a request with the keyboard alone, gets a
tracking code and sees the case on the status page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.support import axe_violations, describe, fetch_page, sitemap_paths

pytestmark = pytest.mark.e2e

# The forms refuse a submission made faster than this (a signed timestamp; core/spam.py).
MIN_FILL_SECONDS = 5
SECTIONS = ("/dostup-do-publichnoi-informatsii/", "/zhyteliam-mista/")


@pytest.fixture(scope="module")
def correspondence_pages(server_url: str) -> dict[str, str]:
    """The paths of the request form, the appeal form and the status page, from the sitemap."""
    found: dict[str, str] = {}
    for path in sitemap_paths(server_url):
        if not path.startswith(SECTIONS):
            continue
        parsed = fetch_page(server_url, path)
        if parsed.kind == "page-correspondence-tracking":
            found["tracking"] = path
        elif parsed.kind == "page-correspondence-form":
            key = "request" if path.startswith(SECTIONS[0]) else "appeal"
            found[key] = path
    assert set(found) == {"request", "appeal", "tracking"}, found
    return found


@pytest.fixture
def axe_context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context(bypass_csp=True)


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n{describe(violations)}"


@pytest.mark.parametrize("key", ["request", "appeal", "tracking"])
def test_no_wcag_violations(
    axe_context: BrowserContext, correspondence_pages: dict[str, str], key: str
) -> None:
    page = axe_context.new_page()
    response = page.goto(correspondence_pages[key])
    assert response is not None and response.status == 200
    assert_accessible(page)


def test_no_wcag_violations_with_errors_shown(
    axe_context: BrowserContext, correspondence_pages: dict[str, str]
) -> None:
    page = axe_context.new_page()
    page.goto(correspondence_pages["appeal"])
    page.get_by_role("button", name="Надіслати").click()
    expect(page.locator(".form-errors")).to_be_visible()
    assert page.locator(".field-error").count() >= 4
    assert_accessible(page)
    missing = axe_context.new_page()
    response = missing.goto(correspondence_pages["tracking"] + "?code=ZZZZ-ZZZZ")
    assert response is not None and response.status == 404
    assert_accessible(missing)


def test_a_resident_submits_a_request_with_the_keyboard_and_tracks_it(
    axe_context: BrowserContext, correspondence_pages: dict[str, str]
) -> None:
    page = axe_context.new_page()
    page.goto(correspondence_pages["request"])
    page.get_by_label("Прізвище, ім'я, по батькові").focus()
    page.keyboard.type("Петренко Ольга Іванівна")
    page.keyboard.press("Tab")
    page.keyboard.type("olha@example.org")
    page.keyboard.press("Tab")  # postal address
    page.keyboard.press("Tab")  # phone
    page.keyboard.press("Tab")
    expect(page.get_by_label("Яку інформацію ви запитуєте?")).to_be_focused()
    page.keyboard.type("Копії рішень виконавчого комітету про благоустрій за 2020 рік")
    page.keyboard.press("Tab")  # the 48-hour checkbox
    page.keyboard.press("Tab")  # attachments
    page.keyboard.press("Tab")
    consent = page.locator("input[name=consent]")
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    page.wait_for_timeout(MIN_FILL_SECONDS * 1000 + 500)  # a person takes longer than a robot
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Надіслати")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**/submitted/")
    code = page.locator(".tracking-code").inner_text().strip()
    assert len(code) == 9 and code[4] == "-"
    assert_accessible(page)

    page.goto(correspondence_pages["tracking"])
    page.get_by_label("Код відстеження").fill(code.lower())
    page.get_by_label("Код відстеження").press("Enter")
    status = page.locator(".case-status")
    expect(status).to_contain_text("Зареєстровано")
    expect(status).not_to_contain_text("Петренко")
    expect(status).not_to_contain_text("olha@example.org")
    assert_accessible(page)


# --- The journal in the admin ----------------------------------------------------------


def test_staff_filter_the_journal_and_open_a_case(
    new_context: Callable[..., BrowserContext],
    sign_in_as_demo_admin: Callable[[Page], None],
) -> None:
    """The journal's rows are drawn by its own lean template: Wagtail's sidebar, filter
    drawer (which reloads only the results) and row menus must still work with them."""
    page = new_context().new_page()
    sign_in_as_demo_admin(page)

    page.goto("/admin/correspondence_journal/")
    expect(page.locator("#wagtail-sidebar")).to_contain_text("Кореспонденція")
    rows = page.locator("table.journal-listing tbody tr")
    expect(rows).to_have_count(50)
    expect(rows.first.locator("td.days-left")).to_be_visible()

    page.locator("button.w-slim-header-action-button[aria-label='Показати фільтри']").click()
    page.locator("[aria-controls='drilldown-id_kind']").click()
    page.locator("#id_kind input[value='citizen_appeal']").check()
    expect(rows.first.locator("td").nth(3)).to_have_text("Звернення громадян")
    for cell in rows.locator("td:nth-child(4)").all_inner_texts():
        assert cell == "Звернення громадян"

    number = rows.first.locator("td.title a").first.inner_text()
    rows.first.locator("button.w-dropdown__toggle").click()
    rows.first.get_by_role("link", name="Переглянути").click()
    page.wait_for_url("**/correspondence_journal/inspect/**")
    expect(page.locator("main")).to_contain_text(number)
    expect(page.locator("main")).to_contain_text("Звернення громадян")


def test_a_typed_iso_registration_date_survives_tab_and_a_future_one_is_refused(
    new_context: Callable[..., BrowserContext],
    sign_in_as_demo_admin: Callable[[Page], None],
) -> None:
    """Wagtail's picker replaced text it could not read in its own format with today's date
    when the field lost focus; core/templates/wagtailadmin/widgets/ keep what was typed."""
    page = new_context().new_page()
    sign_in_as_demo_admin(page)
    page.goto("/admin/correspondence_journal/new/")
    field = page.locator("#id_registered_on")
    field.click()
    page.keyboard.type("2026-12-24")
    page.keyboard.press("Tab")
    expect(field).to_have_value("2026-12-24")
    field.fill("")
    field.click()
    page.keyboard.type("24/12/2026")
    page.keyboard.press("Tab")
    expect(field).to_have_value("24/12/2026")
    page.locator("#id_subject").fill("Перевірка дати")
    page.locator("#id_kind").select_option("authority_request")
    page.get_by_role("button", name="Створити").click()
    errors = page.locator("[data-field-errors]").filter(has_text="24/12/2026")
    expect(errors).to_contain_text("Дата реєстрації")
    expect(errors).to_contain_text("дд.мм.рррр")
    expect(field).to_have_value("24/12/2026")  # what was typed is shown again
    field.fill("31.12.2099")
    page.get_by_role("button", name="Створити").click()
    expect(page.locator("[data-field-errors]").filter(has_text="31.12.2099")).to_contain_text(
        "не може бути пізнішою за сьогодні"
    )


def test_the_journal_fits_a_1366_pixel_screen(
    new_context: Callable[..., BrowserContext],
    sign_in_as_demo_admin: Callable[[Page], None],
) -> None:
    """Issue 28: at 1366 px the "days left" column was cut off and the narrow subject made rows
    tall. Every column is on screen, nothing scrolls sideways, and the subject is the widest."""
    page = new_context(viewport={"width": 1366, "height": 768}).new_page()
    sign_in_as_demo_admin(page)
    page.goto("/admin/correspondence_journal/")
    table = page.locator("table.journal-listing")
    expect(table.locator("tbody tr")).to_have_count(50)
    sizes = page.evaluate(
        """() => {
            const table = document.querySelector('table.journal-listing');
            const heads = [...table.querySelectorAll('thead th')].map(
                (th) => th.getBoundingClientRect());
            return {
                page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
                table: [table.scrollWidth, table.parentElement.clientWidth],
                right: Math.max(...heads.map((r) => r.right)),
                widths: heads.map((r) => r.width),
            };
        }"""
    )
    assert sizes["page"][0] <= sizes["page"][1], sizes
    assert sizes["table"][0] <= sizes["table"][1], sizes
    assert sizes["right"] <= 1366, sizes
    subject = sizes["widths"][4]
    assert subject == max(sizes["widths"]), sizes
    expect(table.locator("thead th").nth(8)).to_be_in_viewport()
