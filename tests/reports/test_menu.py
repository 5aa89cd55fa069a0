"""One "Звіти" menu: ours and Wagtail's reports share it; avatars are drawn locally."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_one_reports_menu_holds_ours_and_wagtails(admin_user: Any) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="uk")
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode("unicode_escape")
    assert html.count('"label": "Звіти"') == 1
    for label in ("Звіт про роботу", "Історичні показники", "Шаблони звіту", "Історія сайту"):
        assert label in html
    assert "gravatar" not in html
