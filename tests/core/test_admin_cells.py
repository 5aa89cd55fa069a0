"""Wagtail's table cells as staff read them: words, not Python's True, False and None
(the users list's "Active" column, the aging pages report's "last published by")."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.utils import translation


@pytest.mark.parametrize(("value", "word"), [(True, "так"), (False, "ні"), (None, "—")])
def test_boolean_cell_titles_are_words(value, word):  # type: ignore[no-untyped-def]
    with translation.override("uk"):
        html = render_to_string("wagtailadmin/tables/boolean_cell.html", {"value": value})
    assert word in html
    assert not {"True", "False", "None"} & set(html.split())


def test_nobody_recorded_is_a_dash_not_none():
    html = render_to_string("wagtailadmin/shared/user_avatar.html", {"user": None, "username": ""})
    assert html.strip() == "—"
