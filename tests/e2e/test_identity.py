"""One person, one voice, in a real browser: residents sign in through the stand-in
ID.GOV.UA (each way of signing in), sign a petition and vote; a second account of the same
person is refused, and so is a paper ballot for that person."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e import conftest
from tests.e2e.support import ROOT, fetch_page, sitemap_paths

pytestmark = pytest.mark.e2e

NUMBER = "2987654321"
SECOND_EMAIL = "druhyi-zapys@example.org"
PASSWORD = "a-long-password-77"
# An open voting cycle on the server (the demo's 2020 cycle is long over), labelled 2019 so
# that the budget page keeps showing the demo's cycle by default; a second, e-mail account.
SETUP = f"""
import datetime as dt, json
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.utils import timezone
from hromada.participation.models import BudgetCategory, BudgetCycle, BudgetProject, Resident
today = timezone.localdate()
cycle, _ = BudgetCycle.objects.get_or_create(year=2019, defaults=dict(
    budget=Decimal(900000), project_cost_limit=Decimal(300000), votes_per_resident=2,
    submission_start=today - dt.timedelta(days=60), submission_end=today - dt.timedelta(days=40),
    review_end=today - dt.timedelta(days=20), voting_start=today - dt.timedelta(days=1),
    voting_end=today + dt.timedelta(days=10), results_on=today + dt.timedelta(days=15)))
category, _ = BudgetCategory.objects.get_or_create(cycle=cycle, name="Двори", votes_limit=2)
projects = [BudgetProject.objects.get_or_create(cycle=cycle, category=category, title=title,
    defaults=dict(author_name="Автор", description="Опис.", cost=Decimal(1000),
    status="accepted"))[0].pk for title in ("Лавки у дворі", "Світло в арці")]
user = get_user_model().objects.filter(username="{SECOND_EMAIL}").first()
if user is None:
    user = get_user_model().objects.create_user("{SECOND_EMAIL}", "{SECOND_EMAIL}", "{PASSWORD}")
    Resident.objects.create(user=user, full_name="Друга Особа", consent_at=timezone.now(),
        email_confirmed_at=timezone.now())
print(json.dumps(dict(cycle=cycle.pk, projects=projects)))
"""


@pytest.fixture(scope="module")
def voting(server_url: str) -> dict[str, Any]:
    done = subprocess.run(
        [conftest.BIN / "hromada", "shell", "-c", SETUP],
        env=conftest._SERVER_ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    for path in sitemap_paths(server_url):
        kind = fetch_page(server_url, path).kind
        if kind in {"page-participation-budget", "page-participation-petitions"}:
            found[kind] = path
    return found


def _collecting_petition(page: Page, voting: dict[str, Any]) -> str:
    page.goto(voting["page-participation-petitions"] + "?status=collecting")
    href = page.locator(".cards a[href*='/elektronni-petytsii/']").first.get_attribute("href")
    assert href
    return href


@pytest.mark.parametrize("auth_type", ["dig_sign", "diia_id"])
def test_each_way_of_signing_in_confirms_a_new_resident(
    new_context: Callable[..., BrowserContext], identify: Callable[..., None], auth_type: str
) -> None:
    page = new_context().new_page()
    page.goto("/account/login/")
    number = {"dig_sign": "2911111111", "diia_id": "АК123456"}[auth_type]
    identify(page, number, auth_type=auth_type, lastname="Шевчук", givenname="Ірина")
    page.wait_for_url("**/account/")
    expect(page.locator("dd", has_text="Жителя підтверджено")).to_be_visible()
    expect(page.get_by_role("link", name="Завантажити мої дані (JSON)")).to_be_visible()


def test_one_person_signs_and_votes_once(
    new_context: Callable[..., BrowserContext],
    identify: Callable[..., None],
    sign_in_as_demo_admin: Callable[[Page], None],
    voting: dict[str, Any],
) -> None:
    # A new resident through BankID: sign a petition and vote.
    page = new_context().new_page()
    page.goto("/account/login/")
    identify(page, NUMBER, auth_type="bank_id")
    page.wait_for_url("**/account/")
    petition = _collecting_petition(page, voting)
    page.goto(petition)
    page.get_by_role("button", name="Підписати петицію").click()
    expect(page.locator("p.notice")).to_contain_text("Ви підписали цю петицію")
    budget = voting["page-participation-budget"] + "?year=2019"
    page.goto(budget)
    page.locator(f"#vote-{voting['projects'][0]}").check()
    page.get_by_role("button", name="Голосувати").click()
    expect(page.locator(f"#vote-{voting['projects'][0]}")).to_be_disabled()

    # The same person's second account (an e-mail one) cannot take the identity, so it
    # cannot sign or vote.
    second = new_context().new_page()
    second.goto("/account/login/")
    second.locator("input[name=username]").fill(SECOND_EMAIL)
    second.locator("input[name=password]").fill(PASSWORD)
    second.locator("input[name=password]").press("Enter")
    second.wait_for_url("**/account/")
    identify(second, NUMBER, auth_type="diia_id")
    expect(second.locator(".eid-refusal")).to_contain_text(
        "вже підтверджено на іншому обліковому записі"
    )
    second.goto(petition)
    second.get_by_role("button", name="Підписати петицію").click()
    expect(second.get_by_text(re.compile("рівень підтвердження")).first).to_be_visible()
    second.goto(budget)
    second.locator(f"#vote-{voting['projects'][1]}").check()
    second.get_by_role("button", name="Голосувати").click()
    expect(second.get_by_text(re.compile("рівень підтвердження")).first).to_be_visible()

    # Staff entering a paper ballot for that person are told the person voted online, when.
    admin = new_context().new_page()
    sign_in_as_demo_admin(admin)
    admin.goto(f"/admin/participation_cycles/ballot/{voting['cycle']}/")
    admin.locator("input[name=number]").fill("П-1")
    admin.locator("input[name=document_number]").fill(NUMBER)
    admin.locator(f"input[name=projects][value='{voting['projects'][1]}']").check()
    admin.locator("input[name=document_number]").press("Enter")
    expect(
        admin.get_by_text(re.compile(r"вже проголосувала онлайн у цьому циклі \d\d\.\d\d\.\d{4}"))
    ).to_be_visible()
