"""`hromada import_figures`: historical figures from CSV, all or nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hromada.core.models import HistoricalFigure

pytestmark = pytest.mark.django_db


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_figures", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "figures.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_imports_updates_and_is_idempotent(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "\ufeffmetric,year,value,note\n"
        "portal.videos_published,2010,12,архів\n"
        "portal.videos_published,2019,40,уточнено\n",
    )
    assert HistoricalFigure.objects.get(metric="portal.videos_published", year=2019).value == 36
    first = run(path)
    assert HistoricalFigure.objects.get(metric="portal.videos_published", year=2010).value == 12
    assert HistoricalFigure.objects.get(metric="portal.videos_published", year=2019).value == 40
    assert "1" in first and "0" in first
    again = run(path)
    assert HistoricalFigure.objects.filter(metric="portal.videos_published").count() == 2
    assert again != first  # second run reports the rows as skipped


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "metric,year,value\nportal.videos_published,2011,7\n")
    run(path, "--dry-run")
    assert not HistoricalFigure.objects.filter(metric="portal.videos_published", year=2011).exists()


def test_windows_1251_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path, "metric,year,value,note\nportal.videos_published,2012,5,Звіт\n", "cp1251"
    )
    run(path)
    assert HistoricalFigure.objects.get(metric="portal.videos_published", year=2012).note == "Звіт"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("metric,year,value\nportal.unknown,2012,5\n", "2"),
        ("metric,year,value\nportal.videos_published,20x2,5\n", "2"),
        ("metric,year,value\nportal.videos_published,2012,-5\n", "2"),
        ("metric,year\nportal.videos_published,2012\n", "1"),
        ("metric,year,value,colour\nportal.videos_published,2012,5,red\n", "1"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(
    tmp_path: Path, body: str, fragment: str
) -> None:
    good = "portal.videos_published,2013,9\n"
    path = write(tmp_path, body + (good if body.count(",") > 3 else ""))
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_figures", str(path), stdout=io.StringIO(), stderr=err)
    assert re.search(rf"(Line|Рядок) {fragment}\b", str(raised.value) + err.getvalue())
    assert not HistoricalFigure.objects.filter(metric="portal.videos_published", year=2013).exists()
    assert not HistoricalFigure.objects.filter(metric="portal.videos_published", year=2012).exists()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("import_figures", str(tmp_path / "absent.csv"))
