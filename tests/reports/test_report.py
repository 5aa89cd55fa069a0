"""reports: `hromada report` and the JSON contract of docs/architecture.md ("Metric contract")."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from hromada.core import metrics, services
from hromada.core.metrics import Period
from hromada.core.models import HistoricalFigure
from hromada.reports.services import build_report, write_report

pytestmark = pytest.mark.django_db

SEED_NEWS_HISTORY = {
    "2011": 570,
    "2012": 1802,
    "2013": 2052,
    "2014": 1327,
    "2015": 3000,
    "2016": 2344,
    "2017": 3012,
    "2018": 2400,
    "2019": 2000,
}


def report(*args: str) -> str:
    out = io.StringIO()
    call_command("report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def report_file(tmp_path: Path, *args: str) -> dict:
    path = tmp_path / "out" / "report-2020.json"
    output = report(*args, "--format", "json", "-o", str(path))
    assert str(path) in output
    assert [p.name for p in path.parent.iterdir()] == ["report-2020.json"]  # no .part left
    return json.loads(path.read_text(encoding="utf-8"))


def test_year_report_follows_the_json_contract(tmp_path: Path) -> None:
    data = report_file(tmp_path, "--year", "2020")

    assert data["from"] == "2020-01-01"
    assert data["to"] == "2020-12-31"
    assert set(data["metrics"]) == {m.key for m in metrics.all_metrics()}
    for key, figure in data["metrics"].items():
        assert isinstance(figure["label"], str) and figure["label"], key
        assert isinstance(figure["value"], int), key
        assert isinstance(figure["history"], dict), key
        assert all(
            year.isdigit() and isinstance(value, int) for year, value in figure["history"].items()
        )


def test_year_report_values_and_seed_history(tmp_path: Path) -> None:
    news = report_file(tmp_path, "--year", "2020")["metrics"]["portal.news_published"]

    assert news["label"] == "Опубліковано інформаційних матеріалів (новин)"
    assert news["value"] == 36
    assert news["source"] == "records"
    assert news["history"] == SEED_NEWS_HISTORY
    assert set(news["history_sources"].values()) == {"historical"}


def test_each_portal_figure_of_the_demo_year() -> None:
    figures = build_report(Period.year(2020))["metrics"]
    assert {key: figures[key]["value"] for key in figures if key.startswith("portal.")} == {
        "portal.news_published": 36,
        "portal.sections_created": 4,
        "portal.subsections_created": 30,
        "portal.albums_created": 8,
        "portal.album_photos": 48,
        "portal.news_photos": 48,
        "portal.videos_published": 4,
    }
    assert figures["portal.subsections_created"]["history"] == {
        "2014": 0,
        "2015": 3,
        "2016": 4,
        "2017": 4,
        "2018": 18,
        "2019": 33,
    }
    assert figures["portal.videos_published"]["history"] == {"2019": 36}


def test_a_historical_figure_for_the_year_takes_precedence(tmp_path: Path) -> None:
    services.set_historical_figure(
        metric="portal.news_published", year=2020, value=1600, note="Звіт за 2020 рік"
    )

    news = report_file(tmp_path, "--year", "2020")["metrics"]["portal.news_published"]

    assert news["value"] == 1600
    assert news["source"] == "historical"
    assert news["history"] == SEED_NEWS_HISTORY


def test_a_calendar_year_given_as_dates_is_a_year_too(tmp_path: Path) -> None:
    services.set_historical_figure(metric="portal.news_published", year=2020, value=1600)
    news = report_file(tmp_path, "--from", "01.01.2020", "--to", "2020-12-31")["metrics"][
        "portal.news_published"
    ]
    assert news["value"] == 1600


def test_part_of_a_year_is_counted_from_the_records(tmp_path: Path) -> None:
    services.set_historical_figure(metric="portal.news_published", year=2020, value=1600)
    data = report_file(tmp_path, "--from", "2020-01-01", "--to", "30.06.2020")
    assert (data["from"], data["to"]) == ("2020-01-01", "2020-06-30")
    news = data["metrics"]["portal.news_published"]
    assert news["source"] == "records"
    assert 0 < news["value"] < 36


def test_later_years_show_the_recorded_years_in_their_history() -> None:
    news = build_report(Period.year(2021))["metrics"]["portal.news_published"]
    assert news["value"] == 0
    assert news["history"] == {**SEED_NEWS_HISTORY, "2020": 36}
    assert news["history_sources"]["2020"] == "records"
    assert news["history_sources"]["2019"] == "historical"


def test_report_to_standard_output() -> None:
    data = json.loads(report("--year", "2020"))
    assert data["metrics"]["portal.albums_created"]["value"] == 8


def test_report_overwrites_an_earlier_file(tmp_path: Path) -> None:
    path = tmp_path / "report.json"
    path.write_text("old", encoding="utf-8")
    write_report(period=Period.year(2020), output_format="json", path=path)
    assert json.loads(path.read_text(encoding="utf-8"))["from"] == "2020-01-01"


def test_unwritable_output_is_a_clear_error_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    with pytest.raises(CommandError, match="reports"):
        report("--year", "2020", "-o", str(folder))
    assert list(tmp_path.iterdir()) == [folder]
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "mentions"),
    [
        (["--from", "2020-03-01", "--to", "2020-02-01"], "01.02.2020"),
        (["--from", "31.02.2020", "--to", "2020-03-01"], "31.02.2020"),
        (["--from", "2020-01-01", "--to", "2020-13-01"], "2020-13-01"),
        (["--from", "yesterday", "--to", "2020-03-01"], "yesterday"),
        (["--from", "2020-01-01"], "--to"),
        (["--year", "2020", "--to", "2020-12-31"], "--to"),
        (["--year", "1800"], "1800"),
        (["--year", "twenty"], "--year"),
        (["--year", "2020", "--from", "2020-01-01", "--to", "2020-12-31"], "--from"),
        ([], "--year"),
    ],
)
def test_bad_periods_are_command_errors(args: list[str], mentions: str, tmp_path: Path) -> None:
    output = tmp_path / "report.json"
    with pytest.raises(CommandError) as caught:
        report(*args, "-o", str(output))
    assert mentions in str(caught.value)
    assert not output.exists()


def test_unknown_format_is_refused_by_the_parser() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        report("--year", "2020", "--format", "xml")


def test_write_report_refuses_an_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="xml"):
        write_report(period=Period.year(2020), output_format="xml", path=tmp_path / "r.xml")
    assert not (tmp_path / "r.xml").exists()


def test_period_of_one_day() -> None:
    data = build_report(Period(dt.date(2020, 9, 1), dt.date(2020, 9, 1)))
    assert data["from"] == data["to"] == "2020-09-01"
    assert (
        data["metrics"]["portal.albums_created"]["value"] == 1
    )  # "310-та річниця заснування Лисичанська"


# --- the admin of historical figures ----------------------------------------------------------


@pytest.fixture
def admin_client(admin_user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(admin_user)
    return client


def test_historical_figures_admin_lists_and_exports(admin_client) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.get(reverse("historical_figures:index") + "?metric=portal.album_photos")
    assert response.status_code == 200
    assert "portal.album_photos" in response.content.decode()

    export = admin_client.get(reverse("historical_figures:index") + "?export=csv")
    assert export.status_code == 200
    body = (
        b"".join(export.streaming_content).decode("utf-8-sig")
        if export.streaming
        else export.content.decode("utf-8-sig")
    )
    lines = body.splitlines()
    # A header and one line per historical figure stored (the seed's figures of every
    # installed module's registered metrics).
    assert len(lines) == 1 + HistoricalFigure.objects.count()
    assert HistoricalFigure.objects.filter(metric__startswith="portal.").count() == 26
    assert any(
        "portal.news_published" in line and "2019" in line and "2000" in line for line in lines
    )


def test_a_figure_added_in_the_admin_is_used_by_the_report(admin_client) -> None:  # type: ignore[no-untyped-def]
    response = admin_client.post(
        reverse("historical_figures:add"),
        {"metric": "portal.albums_created", "year": 2020, "value": 9, "note": "Офіційний звіт"},
    )
    assert response.status_code == 302
    assert build_report(Period.year(2020))["metrics"]["portal.albums_created"]["value"] == 9
