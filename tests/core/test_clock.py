"""One clock: Kyiv time (with its offset where a machine reads it) in the admin's inspect
views, exports and the logs of every process."""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hromada.config import gunicorn, logs
from hromada.core import exports
from hromada.core.templatetags.hromada_admin import admin_value
from hromada.correspondence import services
from hromada.correspondence.models import Document

# 18:22 UTC on 7 December 2026 is 20:22 in Kyiv (UTC+2 in winter).
MOMENT = dt.datetime(2026, 12, 7, 18, 22, tzinfo=dt.UTC)


def test_log_lines_carry_kyiv_time_and_its_offset() -> None:
    record = logging.LogRecord("hromada", logging.INFO, __file__, 1, "hello", None, None)
    record.created = MOMENT.timestamp()
    line = logs.LocalTimeFormatter().format(record)
    assert line == "2026-12-07 20:22:00+02:00 INFO hromada: hello"


def test_gunicorn_logs_with_the_same_zone_and_formatter_as_the_application() -> None:
    assert logs.TIME_ZONE == settings.TIME_ZONE
    formatter = gunicorn.logconfig_dict["formatters"]["generic"]  # type: ignore[index]
    assert formatter["()"] == "hromada.config.logs.LocalTimeFormatter"
    assert settings.LOGGING["formatters"]["plain"]["()"] == formatter["()"]  # type: ignore[index]


def test_values_read_as_words_and_times_in_kyiv() -> None:
    with translation.override("uk"):
        assert admin_value(None) == "—"
        assert admin_value(False) == "ні"
        assert admin_value(True) == "так"
        assert admin_value(MOMENT) == "07.12.2026 20:22"
        assert admin_value(dt.date(2026, 12, 24)) == "24.12.2026"


def test_exports_write_kyiv_time_with_the_offset() -> None:
    text = exports.csv_text(columns=["at"], rows=[{"at": MOMENT}])
    assert "2026-12-07T20:22:00+02:00" in text
    response = exports.json_response(filename="x", columns=["at"], rows=[{"at": MOMENT}], meta={})
    assert json.loads(response.content)["data"][0]["at"].startswith("2026-12-07T20:22:00")
    assert json.loads(response.content)["data"][0]["at"].endswith("+02:00")


@pytest.mark.django_db
def test_the_case_view_shows_kyiv_times_and_words(admin_user: Any) -> None:
    document = services.register_incoming(
        kind="authority_request", subject="Про годинник", registered_on=dt.date(2026, 12, 7)
    )
    Document.objects.filter(pk=document.pk).update(created_at=MOMENT)
    client = Client()
    client.force_login(admin_user)
    with translation.override("uk"):
        page = client.get(
            reverse("correspondence_journal:inspect", args=[document.pk]),
            HTTP_ACCEPT_LANGUAGE="uk",
        ).content.decode()
    assert "07.12.2026 20:22" in page and "18:22" not in page
    assert ">None<" not in page.replace(" ", "").replace("\n", "")
    assert "False" not in page
    assert "не призначено" in page
