"""Tasks first: the home page and the header lead with what residents come to do, each one
click away; the main menu is short, and the section tree stays one panel away."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page

from hromada.portal.resident_tasks import TASKS, resident_tasks

pytestmark = pytest.mark.django_db


def home_html(client: Client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return unescape(response.content.decode())


def part(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def test_every_task_is_one_click_from_the_home_page(client: Client) -> None:
    cache.clear()
    html = home_html(client)
    tiles = part(html, 'id="tasks-h"', "</section>")
    links = re.findall(r'href="([^"]+)"', tiles)
    labels = [str(task.label) for task in TASKS]
    assert len(links) == len(TASKS), links  # the demo has a page for every task
    for label in (
        "Звернутися до ради",
        "Запит на інформацію",
        "Підписати петицію",
        "Громадський бюджет",
        "Повідомити про проблему",
        "Знайти рішення ради",
        "Відкриті дані",
        "Календар",
        "Контакти та графік прийому",
    ):
        assert label in tiles, label
    assert labels
    for link in links:
        if link.startswith("#"):
            assert f'id="{link[1:]}"' in html
            continue
        assert client.get(link).status_code == 200, link


def test_tasks_point_at_the_real_registers_and_forms(client: Client) -> None:
    cache.clear()
    urls = {found.task.key: found.url for found in resident_tasks()}
    by_url = {page.url: page for page in Page.objects.live().specific()}
    expected = {
        "appeal": "SubmissionFormPage",
        "request": "SubmissionFormPage",
        "acts": "ActRegisterPage",
        "petition": "PetitionsPage",
        "budget": "BudgetPage",
        "problem": "ProblemsPage",
        "opendata": "OpenDataPage",
        "calendar": "CityCalendarPage",
    }
    for key, class_name in expected.items():
        assert type(by_url[urls[key]]).__name__ == class_name, key
    assert by_url[urls["acts"]].scope == "acts"


def test_a_task_without_its_page_is_not_shown(client: Client) -> None:
    cache.clear()
    from django.apps import apps

    model = apps.get_model("participation", "petitionspage")
    for page in model.objects.live():
        page.unpublish()
    cache.clear()
    keys = [found.task.key for found in resident_tasks()]
    assert "petition" not in keys and "budget" in keys


def test_main_menu_has_at_most_seven_items_and_services_first(client: Client) -> None:
    html = home_html(client)
    menu = part(html, 'id="main-menu"', "</nav>")
    top_items = re.findall(r"\n {16}<li[ >]", menu)
    assert 1 < len(top_items) <= 7, len(top_items)
    assert menu.index("Послуги") < menu.index("Новини")


def test_the_section_index_keeps_every_menu_section_and_subsection(client: Client) -> None:
    html = home_html(client)
    index = part(html, 'class="section-index', "</details>")
    root = Page.objects.get(depth=2)
    for section in root.get_children().live().public().in_menu():
        assert f'href="{section.url}"' in index, section.title
        for sub in section.get_children().live().public().in_menu():
            assert f'href="{sub.url}"' in index, sub.title


def test_the_home_page_title_is_not_doubled(client: Client) -> None:
    title = re.search(r"<title>(.*?)</title>", home_html(client), re.S).group(1).strip()
    parts = [p.strip() for p in title.split("—")]
    assert len(parts) == len(set(parts)), title
    assert "Офіційний вебпортал" in title


def test_the_home_page_lists_each_upcoming_event_once(client: Client) -> None:
    html = home_html(client)
    upcoming = part(html, 'id="upcoming"', "</aside>")
    titles = re.findall(r"<a [^>]*>([^<]+)</a>", upcoming)
    assert titles
    assert len(titles) == len(set(titles)), titles
