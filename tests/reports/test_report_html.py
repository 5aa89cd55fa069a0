"""The activity report as HTML: from the CLI and downloaded from the admin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from hromada.reports import rendering

pytestmark = pytest.mark.django_db


def test_cli_writes_html_with_figures_history_and_charts(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    call_command(
        "report", "--year", "2020", "--format", "html", "-o", str(target), stdout=io.StringIO()
    )
    html = target.read_text(encoding="utf-8")
    assert '<html lang="uk">' in html
    assert "01.01.2020" in html and "31.12.2020" in html
    assert "portal.news_published" in html
    assert "у 2019 — 2\xa0000" in html  # the seed's historical value, Ukrainian grouping
    assert html.count("<svg") >= 1 and 'role="img"' in html
    assert not target.with_name("report.html.part").exists()


def test_admin_download_matches_the_json(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get("/admin/activity_report/", {"year": "2020", "output_format": "json"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    report = json.loads(response.content)
    out = io.StringIO()
    call_command("report", "--year", "2020", stdout=out)
    assert report == json.loads(out.getvalue())


def test_admin_form_rejects_a_backwards_period(client: Client, admin_user) -> None:  # type: ignore[no-untyped-def]
    client.force_login(admin_user)
    response = client.get(
        "/admin/activity_report/",
        {"date_from": "01.03.2020", "date_to": "01.02.2020", "output_format": "html"},
    )
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "раніше" in response.content.decode()


def test_admin_form_needs_login(client: Client) -> None:
    response = client.get("/admin/activity_report/")
    assert response.status_code == 302


def test_comparison_and_numbers_are_ukrainian() -> None:
    assert rendering.ukrainian_number(1168) == "1\xa0168"
    assert (
        rendering.comparison({"2018": 1170, "2019": 1168}) == "у 2019 — 1\xa0168, у 2018 — 1\xa0170"
    )
    assert rendering.bar_chart(title="x", points=[("2020", 1)]) == ""
