"""The admin as the staff meet it, in Ukrainian: no English words on the main screens (outside
an allow-list of proper names and formats), the log-in carries the city's name, counts read
"Акти: 38"."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from hromada.core.selectors import city_profile

pytestmark = pytest.mark.django_db

SCREENS = [
    "/admin/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/correspondence_journal/",
    "/admin/correspondence_journal/new/",
    "/admin/acts/",
]
# Proper names, formats and the demo's own content.
ALLOWED = {
    "Hromada",
    "Wagtail",
    "Facebook",
    "USAID",
    "Smart",
    "City",
    "CSV",
    "JSON",
    "XLSX",
    "DOCX",
    "PDF",
    "HTML",
    "Word",
    "LibreOffice",
    "admin",
    "demo",
    "ID",
    "URL",
    "e-mail",
    "mail",
}
LATIN_WORD = re.compile(r"\b[A-Za-z][A-Za-z'’]+\b")


class VisibleText(HTMLParser):
    """The text a reader sees: no scripts, styles, templates or hidden JSON."""

    SKIP = {"script", "style", "template", "noscript", "svg"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def english_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return {w for w in LATIN_WORD.findall(" ".join(parser.parts)) if w not in ALLOWED}


@pytest.fixture
def staff(admin_user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="uk")
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("path", SCREENS)
def test_main_admin_screens_have_no_english(staff: Client, path: str) -> None:
    response = staff.get(path)
    assert response.status_code == 200
    assert english_words(response.content.decode()) == set()


def test_the_login_names_the_city_in_ukrainian() -> None:
    html = Client(HTTP_ACCEPT_LANGUAGE="uk").get("/admin/login/").content.decode()
    assert city_profile().name in html
    assert "Увійдіть до Wagtail" not in html and "Пароль" in html
    assert english_words(html) == set()


def test_listing_counts_agree_with_any_number(staff: Client) -> None:
    html = staff.get("/admin/acts/").content.decode()
    assert re.search(r"Акти: \d", html) or re.search(r"Акт: 1\b", html)
