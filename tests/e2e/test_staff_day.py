"""The staff's day in the admin, in a real browser (issue 28, item 6), as far as it is written:
a public-information request registered, assigned, its term extended and answered, which
registers the outgoing answer. axe-core checks the part of each screen our templates draw (the
journal's rows, the case page, the case actions' forms); Wagtail's own chrome is its own.

Also an event and a greeting recorded. Still to come (see the status notes): a news item with a
photo, a monitoring pass against a loopback feed and a review, the report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.support import AXE_JS, WCAG_TAGS, describe

pytestmark = pytest.mark.e2e

JOURNAL = "/admin/correspondence_journal/"


def assert_no_violations_in(page: Page, selector: str) -> None:
    """axe-core on one part of the page (the part our templates draw)."""
    page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate(
        """async ([selector, tags]) => (await axe.run(document.querySelector(selector), {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })).violations""",
        [selector, WCAG_TAGS],
    )
    assert not violations, f"{page.url} {selector}:\n{describe(violations)}"


def test_a_request_registered_assigned_extended_and_answered(
    new_context: Callable[..., BrowserContext],
    sign_in_as_demo_admin: Callable[[Page], None],
) -> None:
    page = new_context(bypass_csp=True).new_page()
    sign_in_as_demo_admin(page)
    # Today in Kyiv: a request can only be extended within 5 working days of its receipt.
    today = dt.datetime.now(ZoneInfo("Europe/Kyiv")).date()
    subject = f"Запит про графік прийому громадян ({today:%d.%m.%Y})"

    page.goto(JOURNAL + "new/")
    page.locator("#id_direction").select_option("incoming")
    page.locator("#id_kind").select_option("public_info_request")
    page.locator("#id_registered_on").fill(f"{today:%d.%m.%Y}")
    page.locator("#id_correspondent").fill("Петренко Іван Миколайович")
    page.locator("#id_subject").fill(subject)
    page.locator("#id_requester_name").fill("Петренко Іван Миколайович")
    page.locator("#id_requester_email").fill("petrenko@example.org")
    page.get_by_role("button", name="Створити").click()
    page.wait_for_url(re.compile(r".*/correspondence_journal/(\?.*)?$"))

    page.goto(JOURNAL + "?q=" + "графік прийому громадян")
    assert_no_violations_in(page, "table.journal-listing")
    row = page.locator("table.journal-listing tbody tr").filter(has_text=subject)
    expect(row).to_have_count(1)
    number = row.locator("td.title a").first.inner_text().strip()
    edit = row.locator("td.title a").first.get_attribute("href") or ""
    pk = int(re.search(r"/edit/(\d+)/", edit).group(1))  # type: ignore[union-attr]
    case = f"{JOURNAL}inspect/{pk}/"

    page.goto(case)
    expect(page.locator("main")).to_contain_text(subject)
    assert_no_violations_in(page, "main")

    page.goto(f"{JOURNAL}action/{pk}/assign/")
    assert_no_violations_in(page, "main form")
    assignee = page.locator("#id_assignee option:not([value=''])").first.get_attribute("value")
    page.locator("#id_assignee").select_option(assignee)
    page.get_by_role("button", name="Призначити виконавця").click()
    page.wait_for_url("**" + case)
    expect(page.locator("body")).to_contain_text("Призначити виконавця: виконано.")

    page.goto(f"{JOURNAL}action/{pk}/extend/")
    assert_no_violations_in(page, "main form")
    page.locator("#id_reason").fill("Потрібно опрацювати великий обсяг документів.")
    page.get_by_role("button", name="Продовжити термін").click()
    page.wait_for_url("**" + case)
    expect(page.locator("main")).to_contain_text("Термін продовжено")

    page.goto(f"{JOURNAL}action/{pk}/answer/")
    assert_no_violations_in(page, "main form")
    page.locator("#id_letter").fill("Надсилаємо графік прийому громадян посадовими особами.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**" + case)
    expect(page.locator("main")).to_contain_text("Надано відповідь")

    # the answer is registered as an outgoing letter in the journal
    answer = f"Відповідь на вх. № {number} від {today:%d.%m.%Y}"
    page.goto(JOURNAL + "?direction=outgoing&q=" + number)
    outgoing = page.locator("table.journal-listing tbody tr").filter(has_text=answer)
    expect(outgoing).to_have_count(1)
    expect(outgoing).to_contain_text("Вихідний")


def test_an_event_and_a_greeting_recorded(
    new_context: Callable[..., BrowserContext],
    sign_in_as_demo_admin: Callable[[Page], None],
) -> None:
    page = new_context(bypass_csp=True).new_page()
    sign_in_as_demo_admin(page)

    page.goto("/admin/activities_events/new/")
    page.locator("#id_kind").select_option("organized")
    page.locator("#id_title").fill("Форум громадських організацій міста")
    page.locator("#id_start_date").fill("15.10.2020")
    page.locator("#id_end_date").fill("15.10.2020")
    page.locator("#id_place").fill("Палац культури")
    page.locator("#id_organizers").fill("Відділ внутрішньої політики")
    page.locator("#id_participants").fill("120")
    assert_no_violations_in(page, "main form")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/activities_events/(\?.*)?$"))
    expect(page.locator(".messages")).to_contain_text("Форум громадських організацій міста")

    page.goto("/admin/activities_texts/new/")
    page.locator("#id_kind").select_option("greeting")
    page.locator("#id_title").fill("Привітання з Днем працівників освіти")
    page.locator("#id_date").fill("04.10.2020")
    page.locator("#id_body").fill("Шановні освітяни! Щиро вітаю вас із професійним святом.")
    assert_no_violations_in(page, "main form")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r".*/activities_texts/(\?.*)?$"))
    expect(page.locator(".messages")).to_contain_text("Привітання з Днем працівників освіти")
